package dev.kiln.driver.dbutils;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** {@code dbutils.jobs}: {@code taskValues} set by this context's task and read back. */
public final class JobsUtils {
  private final TaskValues taskValues = new TaskValues();

  public TaskValues taskValues() {
    return taskValues;
  }

  /**
   * {@code dbutils.jobs.taskValues}: values this context set (kept for the jobs scheduler to read
   * with {@link #values()}); {@code get} of another task's value answers {@code debugValue} outside
   * a job run, as on Databricks.
   */
  public static final class TaskValues {
    private final Map<String, Object> values = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> upstream = new ConcurrentHashMap<>();

    public void set(String key, Object value) {
      if (value == null) {
        values.remove(key);
      } else {
        values.put(key, value);
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

    /** What this context's task set. */
    public Map<String, Object> values() {
      return Map.copyOf(values);
    }

    /** Makes the values of an upstream task readable (by the jobs scheduler). */
    public void provide(String taskKey, Map<String, Object> taskValues) {
      upstream.put(taskKey, Map.copyOf(taskValues));
    }
  }
}
