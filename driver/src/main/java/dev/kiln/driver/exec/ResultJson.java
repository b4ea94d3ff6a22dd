package dev.kiln.driver.exec;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 1.2 {@code results} object of a command, with its camelCase keys: {@code resultType} (text,
 * table, error, image), {@code data}, {@code schema}, {@code truncated}, {@code isJsonSchema},
 * {@code summary}, {@code cause}, {@code fileName}.
 */
public final class ResultJson {
  private ResultJson() {}

  public static Map<String, Object> render(Result result) {
    Map<String, Object> json = new LinkedHashMap<>();
    if (result instanceof Result.Text t) {
      json.put("resultType", "text");
      // As Databricks shows output: without the newline the last print or REPL line ends with.
      json.put("data", t.data() == null ? "" : t.data().stripTrailing());
      if (t.truncated()) {
        json.put("truncated", true);
      }
    } else if (result instanceof Result.Table t) {
      json.put("resultType", "table");
      json.put("data", t.rows());
      json.put("schema", t.schema());
      json.put("truncated", t.truncated());
      json.put("isJsonSchema", false);
    } else if (result instanceof Result.Error e) {
      json.put("resultType", "error");
      json.put("summary", e.summary());
      json.put("cause", e.cause());
      if (e.output() != null) {
        json.put("output", e.output());
      }
    } else if (result instanceof Result.Image i) {
      json.put("resultType", "image");
      json.put("fileName", i.fileName());
    }
    return json;
  }
}
