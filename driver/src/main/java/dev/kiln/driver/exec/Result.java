package dev.kiln.driver.exec;

import java.util.List;
import java.util.Map;

/** A command's outcome, rendered to the 1.2 {@code results} object by {@link ResultJson}. */
public sealed interface Result permits Result.Text, Result.Table, Result.Error, Result.Image {
  /**
   * Text output: stdout and the value of the last expression; {@code truncated} when part of it was
   * dropped ({@link OutputLimits}).
   */
  record Text(String data, boolean truncated) implements Result {
    public Text(String data) {
      this(data, false);
    }
  }

  /**
   * A table: {@code schema} is a list of {@code {name, type, metadata:"{}"}} columns, {@code rows}
   * hold JSON-friendly values.
   */
  record Table(List<Map<String, Object>> schema, List<List<Object>> rows, boolean truncated)
      implements Result {}

  /**
   * A failed command: {@code summary} is the short message, {@code cause} the full trace, {@code
   * output} what the command printed before it failed when that is not part of the cause (a jar
   * task's; else null).
   */
  @SuppressWarnings(
      "JavaLangClash") // the name is the 1.2 resultType, shared with PythonInterpreter
  record Error(String summary, String cause, String output) implements Result {
    public Error(String summary, String cause) {
      this(summary, cause, null);
    }
  }

  /** An image, {@code fileName} being a {@code data:image/png;base64,...} URL. */
  record Image(String fileName) implements Result {}
}
