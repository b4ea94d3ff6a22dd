package dev.kiln.server.jobs.settings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Job settings as JSON: the 2.0 single-task format turned into the task list and back, and the
 * defaults the cloud fills in when it echoes a job (empty notifications, zero timeouts, {@code
 * run_if}, sorted {@code depends_on}, the notebook's {@code source}, and queueing for 2.2 jobs).
 */
public final class SettingsJson {
  /** The fields of the 2.0 single-task format that belong to its one task. */
  static final List<String> SINGLE_TASK_FIELDS =
      List.of(
          "existing_cluster_id",
          "new_cluster",
          "libraries",
          "notebook_task",
          "spark_jar_task",
          "spark_python_task",
          "spark_submit_task",
          "python_wheel_task",
          "max_retries",
          "min_retry_interval_millis",
          "retry_on_timeout");

  private static final Set<String> TASK_TYPES =
      Set.of(
          "notebook_task",
          "spark_jar_task",
          "spark_python_task",
          "spark_submit_task",
          "python_wheel_task");

  private SettingsJson() {}

  /** Whether {@code settings} is in the single-task format: a task type at the top, no tasks. */
  public static boolean isSingleTask(JsonNode settings) {
    if (settings.has("tasks")) {
      return false;
    }
    return TASK_TYPES.stream().anyMatch(settings::has);
  }

  /**
   * Settings as Kiln stores and echoes them: the task list (a single-task body becomes one task,
   * format SINGLE_TASK) with the cloud's defaults.
   *
   * @param queueByDefault whether a job without {@code queue} queues (jobs created through 2.2)
   */
  public static ObjectNode normalize(ObjectNode raw, boolean queueByDefault) {
    ObjectNode s = raw.deepCopy();
    boolean single = isSingleTask(s);
    if (single) {
      ObjectNode task = JsonNodeFactory.instance.objectNode();
      task.put("task_key", singleTaskKey(s));
      for (String field : SINGLE_TASK_FIELDS) {
        JsonNode value = s.remove(field);
        if (value != null) {
          task.set(field, value);
        }
      }
      if (s.has("timeout_seconds")) {
        task.set("timeout_seconds", s.get("timeout_seconds"));
      }
      s.putArray("tasks").add(task);
    }
    s.put("format", single ? "SINGLE_TASK" : "MULTI_TASK");
    if (!s.hasNonNull("name")) {
      s.put("name", "Untitled");
    }
    defaultObject(s, "email_notifications");
    defaultObject(s, "webhook_notifications");
    if (!s.hasNonNull("timeout_seconds")) {
      s.put("timeout_seconds", 0);
    }
    if (!s.hasNonNull("max_concurrent_runs")) {
      s.put("max_concurrent_runs", 1);
    }
    if (!s.has("queue") && queueByDefault) {
      s.putObject("queue").put("enabled", true);
    }
    if (s.get("tasks") instanceof ArrayNode tasks) {
      boolean git = s.hasNonNull("git_source");
      tasks.forEach(t -> normalizeTask(t, git));
    }
    return s;
  }

  /** Task defaults, also for runs/submit tasks. */
  public static void normalizeTask(JsonNode node, boolean gitSource) {
    if (!(node instanceof ObjectNode t)) {
      return;
    }
    if (!t.hasNonNull("run_if")) {
      t.put("run_if", "ALL_SUCCESS");
    }
    if (!t.hasNonNull("timeout_seconds")) {
      t.put("timeout_seconds", 0);
    }
    defaultObject(t, "email_notifications");
    if (t.get("depends_on") instanceof ArrayNode deps) {
      List<JsonNode> sorted = new ArrayList<>();
      deps.forEach(sorted::add);
      sorted.sort(Comparator.comparing(d -> d.path("task_key").asText()));
      deps.removeAll();
      sorted.forEach(deps::add);
    }
    if (t.get("notebook_task") instanceof ObjectNode nb && !nb.hasNonNull("source")) {
      nb.put("source", gitSource ? "GIT" : "WORKSPACE");
    }
  }

  /** The 2.0 view of stored settings: a SINGLE_TASK job's task lifted back to the top. */
  public static ObjectNode toSingleTaskView(ObjectNode stored) {
    ObjectNode s = stored.deepCopy();
    if (!"SINGLE_TASK".equals(s.path("format").asText())
        || !(s.get("tasks") instanceof ArrayNode tasks)
        || tasks.size() != 1) {
      return s;
    }
    ObjectNode task = (ObjectNode) tasks.get(0);
    s.remove("tasks");
    for (String field : SINGLE_TASK_FIELDS) {
      if (task.has(field)) {
        s.set(field, task.get(field));
      }
    }
    return s;
  }

  /** The key of the task a single-task job becomes: its name, made a valid task key. */
  public static String singleTaskKey(JsonNode settings) {
    String name = settings.path("name").asText("");
    String key = name.replaceAll("[^\\w\\-]", "_");
    if (key.isEmpty()) {
      return "Untitled";
    }
    return key.length() > 100 ? key.substring(0, 100) : key;
  }

  private static void defaultObject(ObjectNode node, String field) {
    if (!node.hasNonNull(field)) {
      node.putObject(field);
    }
  }
}
