package dev.kiln.driver.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a SQL cell into statements at {@code ;} outside quotes ({@code '..'}, {@code ".."}, {@code
 * `..`}, with backslash escapes), comments ({@code -- ...}, {@code /* ... * /}); blank statements
 * are dropped. Spark's parser has no public multi-statement API outside SQL scripting ({@code BEGIN
 * ... END}), hence this small scanner.
 */
public final class SqlSplitter {
  private SqlSplitter() {}

  public static List<String> split(String sql) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        int end = i + 1;
        while (end < n && sql.charAt(end) != c) {
          end += sql.charAt(end) == '\\' && c != '`' ? 2 : 1;
        }
        end = Math.min(end + 1, n);
        current.append(sql, i, end);
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        current.append(sql, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        current.append(sql, i, end);
        i = end;
      } else if (c == ';') {
        add(out, current);
        current.setLength(0);
        i++;
      } else {
        current.append(c);
        i++;
      }
    }
    add(out, current);
    return out;
  }

  private static void add(List<String> out, StringBuilder statement) {
    String s = statement.toString().strip();
    if (!s.isEmpty() && !onlyComments(s)) {
      out.add(s);
    }
  }

  private static boolean onlyComments(String s) {
    String rest = s.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)--.*$", "");
    return rest.isBlank();
  }
}
