package dev.kiln.driver.exec;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * Replaces every secret value fetched in a context (by {@code dbutils.secrets.get/getBytes}) with
 * {@code [REDACTED]} in that context's output. Longer values are replaced first, so a secret that
 * contains another is hidden whole.
 */
public final class Redactor {
  public static final String MARK = "[REDACTED]";
  private final CopyOnWriteArraySet<String> secrets = new CopyOnWriteArraySet<>();

  /** Registers a value; empty values are ignored (they would match everywhere). */
  public void register(String value) {
    if (value != null && !value.isEmpty()) {
      secrets.add(value);
    }
  }

  public boolean isEmpty() {
    return secrets.isEmpty();
  }

  public String redact(String text) {
    if (text == null || secrets.isEmpty()) {
      return text;
    }
    List<String> values =
        secrets.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    String out = text;
    for (String v : values) {
      out = out.replace(v, MARK);
    }
    return out;
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
