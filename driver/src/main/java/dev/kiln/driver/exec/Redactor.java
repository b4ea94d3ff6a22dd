package dev.kiln.driver.exec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces every secret value fetched in a context (by {@code dbutils.secrets.get/getBytes}) with
 * {@code [REDACTED]} in that context's output. Longer values are replaced first, so a secret that
 * contains another is hidden whole.
 *
 * <p>Beyond the value as it is, a value of at least {@link #MIN_SPREAD} characters is also found
 * reversed and spread out: its characters with the same short run of separators (1 to 4 characters
 * that are neither letters nor digits) between each two, as {@code mkString(" ")}, {@code ",
 * ".join(s)}, {@code mkString("\n")} or a printed Python {@code list(s)} show it. This is a guard
 * against accidents and the obvious tricks, not a boundary: code that reads a secret can always
 * encode it some other way (as on Databricks).
 */
public final class Redactor {
  public static final String MARK = "[REDACTED]";

  /** Shorter values are only redacted as they are: spread out they would match ordinary text. */
  static final int MIN_SPREAD = 4;

  private static final String SEPARATOR = "([^\\p{L}\\p{N}]{1,4})";

  /** Each value and the patterns of its reversed and spread-out forms. */
  private final Map<String, List<Pattern>> secrets = new ConcurrentHashMap<>();

  /** Registers a value; empty values are ignored (they would match everywhere). */
  public void register(String value) {
    if (value != null && !value.isEmpty()) {
      secrets.computeIfAbsent(value, Redactor::variants);
    }
  }

  public boolean isEmpty() {
    return secrets.isEmpty();
  }

  public String redact(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    List<Map.Entry<String, List<Pattern>>> values =
        secrets.entrySet().stream()
            .sorted(
                Comparator.comparingInt((Map.Entry<String, List<Pattern>> e) -> e.getKey().length())
                    .reversed())
            .toList();
    String out = text;
    for (Map.Entry<String, List<Pattern>> v : values) {
      out = out.replace(v.getKey(), MARK);
    }
    for (Map.Entry<String, List<Pattern>> v : values) {
      for (Pattern p : v.getValue()) {
        out = p.matcher(out).replaceAll(Matcher.quoteReplacement(MARK));
      }
    }
    return out;
  }

  /** The reversed value, and both spread out, for values long enough. */
  private static List<Pattern> variants(String value) {
    int[] chars = value.codePoints().toArray();
    List<Pattern> out = new ArrayList<>();
    if (chars.length < MIN_SPREAD) {
      return out;
    }
    int[] reversed = new int[chars.length];
    for (int i = 0; i < chars.length; i++) {
      reversed[i] = chars[chars.length - 1 - i];
    }
    out.add(Pattern.compile(Pattern.quote(new String(reversed, 0, reversed.length))));
    out.add(spread(chars));
    out.add(spread(reversed));
    return out;
  }

  /** The characters with one separator run, the same each time, between each two. */
  private static Pattern spread(int[] chars) {
    StringBuilder regex = new StringBuilder(quote(chars[0])).append(SEPARATOR);
    for (int i = 1; i < chars.length; i++) {
      if (i > 1) {
        regex.append("\\1");
      }
      regex.append(quote(chars[i]));
    }
    return Pattern.compile(regex.toString());
  }

  private static String quote(int codePoint) {
    return Pattern.quote(new String(Character.toChars(codePoint)));
  }

  /** Redacts a result's text, cells (strings, recursively) and error. */
  public Result redact(Result result) {
    if (secrets.isEmpty()) {
      return result;
    }
    if (result instanceof Result.Text t) {
      return new Result.Text(redact(t.data()), t.truncated());
    }
    if (result instanceof Result.Error e) {
      return new Result.Error(
          redact(e.summary()), redact(e.cause()), e.output() == null ? null : redact(e.output()));
    }
    if (result instanceof Result.Table t) {
      return new Result.Table(
          t.schema(),
          t.rows().stream().map(row -> row.stream().map(this::redactValue).toList()).toList(),
          t.truncated());
    }
    return result;
  }

  private Object redactValue(Object value) {
    if (value instanceof String s) {
      return redact(s);
    }
    if (value instanceof List<?> list) {
      return list.stream().map(this::redactValue).toList();
    }
    if (value instanceof java.util.Map<?, ?> map) {
      java.util.Map<Object, Object> out = new java.util.LinkedHashMap<>();
      map.forEach((k, v) -> out.put(k, redactValue(v)));
      return out;
    }
    return value;
  }
}
