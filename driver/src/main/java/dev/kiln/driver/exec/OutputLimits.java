package dev.kiln.driver.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How much of a command's output the driver keeps, so that no print or result can exhaust the
 * driver's heap, nor the control plane's that reads it. Text keeps its first {@link #HEAD_CHARS}
 * and last {@link #TAIL_CHARS} (the end of a long run's output is where its outcome is, and a job
 * task's logs are its last 5 MB), with {@link #marker} between them and {@code truncated: true}; a
 * table keeps at most {@link #TABLE_ROWS} rows and {@link #TABLE_CHARS} of values; a notebook's
 * exit value its first 5 MB. The interpreters cut output while it streams ({@link BoundedOutput},
 * the Python REPL's own); {@link #cap} cuts whatever still comes back larger.
 */
public final class OutputLimits {
  /** The start of a command's text output that is kept. */
  public static final int HEAD_CHARS = 1 << 20;

  /** The end of a command's text output that is kept. */
  public static final int TAIL_CHARS = 5 << 20;

  /** Rows of a table result. */
  public static final int TABLE_ROWS = 1000;

  /** The values of a table result, counted as characters of their text. */
  public static final int TABLE_CHARS = 4 << 20;

  /** An error's one-line summary. */
  public static final int SUMMARY_CHARS = 4096;

  /**
   * A notebook's exit value: one more than the 5 MB a job run keeps, so that the control plane sees
   * it was cut.
   */
  public static final int EXIT_CHARS = (5 << 20) + 1;

  /** Room for the marker in a text an interpreter cut already. */
  private static final int MARKER_ROOM = 256;

  private OutputLimits() {}

  /** What stands between the kept start and end of a cut output, as Databricks writes it. */
  public static String marker(long skipped) {
    return "\n*** WARNING: skipped " + skipped + " bytes of output ***\n\n";
  }

  private static boolean fits(String s) {
    return s == null || s.length() <= HEAD_CHARS + TAIL_CHARS + MARKER_ROOM;
  }

  /** A text cut to its first and last parts; the same text when it fits. */
  public static String text(String s) {
    if (fits(s)) {
      return s;
    }
    long skipped = (long) s.length() - HEAD_CHARS - TAIL_CHARS;
    return s.substring(0, HEAD_CHARS) + marker(skipped) + s.substring(s.length() - TAIL_CHARS);
  }

  /** The exit value a command keeps. */
  public static String exitValue(String s) {
    return s == null || s.length() <= EXIT_CHARS ? s : s.substring(0, EXIT_CHARS);
  }

  /** A result within the limits. */
  public static Result cap(Result result) {
    if (result instanceof Result.Text t) {
      String data = t.data();
      return fits(data) ? t : new Result.Text(text(data), true);
    }
    if (result instanceof Result.Error e) {
      return new Result.Error(summary(e.summary()), text(e.cause()), text(e.output()));
    }
    if (result instanceof Result.Table t) {
      return table(t);
    }
    return result;
  }

  private static String summary(String s) {
    return s == null || s.length() <= SUMMARY_CHARS ? s : s.substring(0, SUMMARY_CHARS) + "...";
  }

  private static Result.Table table(Result.Table t) {
    List<List<Object>> rows = t.rows();
    long size = 0;
    int kept = 0;
    for (List<Object> row : rows) {
      if (kept == TABLE_ROWS) {
        break;
      }
      size += size(row);
      if (size > TABLE_CHARS) {
        break;
      }
      kept++;
    }
    if (kept == rows.size()) {
      return t;
    }
    return new Result.Table(t.schema(), new ArrayList<>(rows.subList(0, kept)), true);
  }

  /** About how many characters a JSON-ready value takes. */
  public static long size(Object value) {
    if (value == null) {
      return 4;
    }
    if (value instanceof CharSequence s) {
      return s.length() + 2L;
    }
    if (value instanceof Map<?, ?> map) {
      long n = 2;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        n += size(String.valueOf(e.getKey())) + size(e.getValue()) + 2;
      }
      return n;
    }
    if (value instanceof Iterable<?> list) {
      long n = 2;
      for (Object v : list) {
        n += size(v) + 1;
      }
      return n;
    }
    return 24;
  }
}
