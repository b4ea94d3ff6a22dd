package dev.kiln.driver.sql;

import dev.kiln.driver.dbutils.WidgetsUtils;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Widgets in SQL cells, as Databricks has them: {@code CREATE WIDGET TEXT name DEFAULT 'v'}, {@code
 * CREATE WIDGET DROPDOWN name DEFAULT 'v' CHOICES <query>}, {@code REMOVE WIDGET name}, and a
 * widget's value used as {@code ${name}} (text put in before Spark parses the statement) or as the
 * named parameter {@code :name} (a bound string, never parsed as SQL). Two statements of Kiln's own
 * let the web workspace show and set the widgets of a SQL context: {@code SHOW WIDGETS} and {@code
 * SET WIDGET name = 'v'}.
 */
final class SqlWidgets {
  private static final String NAME = "(`[^`]+`|[A-Za-z_][A-Za-z0-9_]*)";
  private static final String STRING = "('(?:[^'\\\\]|\\\\.)*'|\"(?:[^\"\\\\]|\\\\.)*\")";

  private static final Pattern CREATE =
      Pattern.compile(
          "(?is)CREATE\\s+WIDGET\\s+(\\w+)\\s+"
              + NAME
              + "\\s+DEFAULT\\s+"
              + STRING
              + "(?:\\s+CHOICES\\s+(.+))?");
  private static final Pattern REMOVE = Pattern.compile("(?is)REMOVE\\s+WIDGET\\s+" + NAME);
  private static final Pattern SHOW = Pattern.compile("(?is)SHOW\\s+WIDGETS");
  private static final Pattern SET =
      Pattern.compile("(?is)SET\\s+WIDGET\\s+" + NAME + "\\s*=\\s*" + STRING);
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

  private SqlWidgets() {}

  /** A widget statement, read. */
  sealed interface Statement {}

  /** {@code CREATE WIDGET}: {@code choices} is the query of a dropdown's choices, else null. */
  record Create(String kind, String name, String defaultValue, String choices)
      implements Statement {}

  record Remove(String name) implements Statement {}

  record Show() implements Statement {}

  record Set(String name, String value) implements Statement {}

  /** The widget statement {@code sql} is, if it is one. */
  static Optional<Statement> parse(String sql) {
    String s = sql.strip();
    Matcher m = CREATE.matcher(s);
    if (m.matches()) {
      String kind = m.group(1).toLowerCase(java.util.Locale.ROOT);
      String choices = m.group(4) == null ? null : m.group(4).strip();
      if (!kind.equals("text") && !kind.equals("dropdown")) {
        throw new IllegalArgumentException(
            "CREATE WIDGET "
                + m.group(1).toUpperCase(java.util.Locale.ROOT)
                + ": Kiln has TEXT and DROPDOWN widgets");
      }
      if (kind.equals("dropdown") && choices == null) {
        throw new IllegalArgumentException("CREATE WIDGET DROPDOWN needs CHOICES <query>");
      }
      if (kind.equals("text") && choices != null) {
        throw new IllegalArgumentException("CREATE WIDGET TEXT takes no CHOICES");
      }
      return Optional.of(new Create(kind, name(m.group(2)), unquote(m.group(3)), choices));
    }
    Matcher remove = REMOVE.matcher(s);
    if (remove.matches()) {
      return Optional.of(new Remove(name(remove.group(1))));
    }
    if (SHOW.matcher(s).matches()) {
      return Optional.of(new Show());
    }
    Matcher set = SET.matcher(s);
    if (set.matches()) {
      return Optional.of(new Set(name(set.group(1)), unquote(set.group(2))));
    }
    return Optional.empty();
  }

  /** {@code ${name}} of each defined (or bound) widget replaced by its value; others are left. */
  static String substitute(String sql, WidgetsUtils widgets) {
    Matcher m = VARIABLE.matcher(sql);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value = widgets.getArgument(m.group(1), null);
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? m.group() : value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * {@code sql} with each {@code :name} parameter marker that names a widget replaced by the
   * widget's value as a string literal; markers in quotes, back-quoted names and comments, {@code
   * ::} casts and markers naming no widget are left as they are. The literal is the value's UTF-8
   * bytes in hex, cast to a string ({@code CAST(X'6B696C6E' AS STRING)}): whatever the value holds
   * and however the session reads escapes, it stays one string, never SQL. (Spark's own {@code
   * spark.sql(text, args)} is not used: a session whose parser comes from an extension, as Delta's
   * does, loses the arguments and fails with UNBOUND_SQL_PARAMETER.)
   */
  static String bind(String sql, WidgetsUtils widgets) {
    StringBuilder out = new StringBuilder();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      int end;
      if (c == '\'' || c == '"' || c == '`') {
        end = i + 1;
        while (end < n && sql.charAt(end) != c) {
          end += sql.charAt(end) == '\\' && c != '`' ? 2 : 1;
        }
        end = Math.min(end + 1, n);
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
      } else if (c == ':' && i + 1 < n && sql.charAt(i + 1) == ':') {
        end = i + 2;
      } else if (c == ':'
          && i + 1 < n
          && (Character.isLetter(sql.charAt(i + 1)) || sql.charAt(i + 1) == '_')) {
        end = i + 1;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_')) {
          end++;
        }
        String value = widgets.getArgument(sql.substring(i + 1, end), null);
        if (value != null) {
          out.append(literal(value));
          i = end;
          continue;
        }
      } else {
        end = i + 1;
      }
      out.append(sql, i, end);
      i = end;
    }
    return out.toString();
  }

  /** A string as a SQL expression that no escaping rule can change: its UTF-8 bytes in hex. */
  static String literal(String value) {
    return "CAST(X'"
        + java.util.HexFormat.of()
            .withUpperCase()
            .formatHex(value.getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + "' AS STRING)";
  }

  private static String name(String s) {
    return s.startsWith("`") ? s.substring(1, s.length() - 1) : s;
  }

  /** A SQL string literal's text: quotes gone, backslash escapes read. */
  static String unquote(String literal) {
    StringBuilder out = new StringBuilder();
    for (int i = 1; i < literal.length() - 1; i++) {
      char c = literal.charAt(i);
      if (c == '\\' && i + 1 < literal.length() - 1) {
        char e = literal.charAt(++i);
        out.append(
            switch (e) {
              case 'n' -> '\n';
              case 't' -> '\t';
              case 'r' -> '\r';
              case '0' -> '\0';
              default -> e;
            });
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
