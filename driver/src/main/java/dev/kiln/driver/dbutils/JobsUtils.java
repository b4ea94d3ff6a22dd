package dev.kiln.driver.dbutils;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code dbutils.jobs}: {@code taskValues} set by this context's task and read back. */
public final class JobsUtils {
  private final TaskValues taskValues = new TaskValues();

  public TaskValues taskValues() {
    return taskValues;
  }

  /**
   * {@code dbutils.jobs.taskValues}: values this context set (kept for the jobs engine to read with
   * {@link #values()}); {@code get} of another task's value answers {@code debugValue} outside a
   * job run, as on Databricks. Values are JSON values (strings, numbers, booleans, lists, maps);
   * Python passes them as JSON text through {@link #setJson} and {@link #getJson}.
   */
  public static final class TaskValues {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> upstream = new ConcurrentHashMap<>();

    public void set(String key, Object value) {
      if (value == null) {
        values.remove(key);
      } else {
        values.put(key, value);
      }
    }

    /** Sets a value given as JSON text. */
    public void setJson(String key, String json) {
      try {
        set(key, JSON.readValue(json, Object.class));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("Task value " + key + " is not valid JSON: " + json, e);
      }
    }

    public Object get(String taskKey, String key, Object defaultValue, Object debugValue) {
      Map<String, Object> task = upstream.get(taskKey);
      if (task == null) {
        return debugValue != null ? debugValue : defaultValue;
      }
      return task.getOrDefault(key, defaultValue);
    }

    public Object get(String taskKey, String key, Object defaultValue) {
      return get(taskKey, key, defaultValue, null);
    }

    public Object get(String taskKey, String key) {
      return get(taskKey, key, null, null);
    }

    /** Whether the values of {@code taskKey} were provided (this context runs in a job). */
    public boolean hasTask(String taskKey) {
      return upstream.containsKey(taskKey);
    }

    /** An upstream value as JSON text, or null when that task did not set it. */
    public String getJson(String taskKey, String key) {
      Map<String, Object> task = upstream.get(taskKey);
      if (task == null || !task.containsKey(key)) {
        return null;
      }
      try {
        return JSON.writeValueAsString(task.get(key));
      } catch (JsonProcessingException e) {
        throw new IllegalStateException(e);
      }
    }

    /** What this context's task set. */
    public Map<String, Object> values() {
      return Map.copyOf(values);
    }

    /** Makes the values of an upstream task readable (by the jobs engine). */
    public void provide(String taskKey, Map<String, Object> taskValues) {
      upstream.put(taskKey, new LinkedHashMap<>(taskValues));
    }
  }
}
