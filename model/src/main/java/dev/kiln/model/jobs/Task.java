package dev.kiln.model.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.libraries.Library;
import java.util.List;

/**
 * One task of a job or of a submitted run. Exactly one task type and at most one compute choice
 * ({@code existing_cluster_id}, {@code new_cluster}, {@code job_cluster_key}, {@code
 * environment_key}) are set. Parts Kiln does not interpret (notifications, health, the task types
 * it cannot run) are kept as sent.
 */
public record Task(
    String taskKey,
    String description,
    List<TaskDependency> dependsOn,
    RunIf runIf,
    String existingClusterId,
    ClusterSpec newCluster,
    String jobClusterKey,
    String environmentKey,
    List<Library> libraries,
    Integer maxRetries,
    Long minRetryIntervalMillis,
    Boolean retryOnTimeout,
    Long timeoutSeconds,
    Boolean disabled,
    JsonNode emailNotifications,
    JsonNode notificationSettings,
    JsonNode webhookNotifications,
    JsonNode health,
    NotebookTask notebookTask,
    SparkJarTask sparkJarTask,
    SparkPythonTask sparkPythonTask,
    SparkSubmitTask sparkSubmitTask,
    SqlTask sqlTask,
    RunJobTask runJobTask,
    ConditionTask conditionTask,
    JsonNode pythonWheelTask,
    JsonNode pipelineTask,
    JsonNode dbtTask,
    JsonNode forEachTask,
    JsonNode dashboardTask,
    JsonNode compute) {

  /** The names of the task types set on this task. */
  public List<String> taskTypes() {
    List<String> types = new java.util.ArrayList<>();
    add(types, notebookTask, "notebook_task");
    add(types, sparkJarTask, "spark_jar_task");
    add(types, sparkPythonTask, "spark_python_task");
    add(types, sparkSubmitTask, "spark_submit_task");
    add(types, sqlTask, "sql_task");
    add(types, runJobTask, "run_job_task");
    add(types, conditionTask, "condition_task");
    add(types, pythonWheelTask, "python_wheel_task");
    add(types, pipelineTask, "pipeline_task");
    add(types, dbtTask, "dbt_task");
    add(types, forEachTask, "for_each_task");
    add(types, dashboardTask, "dashboard_task");
    return types;
  }

  /** The names of the compute choices set on this task. */
  public List<String> computeChoices() {
    List<String> choices = new java.util.ArrayList<>();
    add(choices, existingClusterId, "existing_cluster_id");
    add(choices, newCluster, "new_cluster");
    add(choices, jobClusterKey, "job_cluster_key");
    add(choices, environmentKey, "environment_key");
    return choices;
  }

  /** Whether this task runs on a cluster (a condition or run-job task does not). */
  public boolean needsCluster() {
    return conditionTask == null && runJobTask == null;
  }

  public List<TaskDependency> dependencies() {
    return dependsOn == null ? List.of() : dependsOn;
  }

  public RunIf effectiveRunIf() {
    return runIf == null ? RunIf.ALL_SUCCESS : runIf;
  }

  public List<Library> librariesOrEmpty() {
    return libraries == null ? List.of() : libraries;
  }

  private static void add(List<String> names, Object value, String name) {
    if (value != null && !(value instanceof JsonNode n && n.isNull())) {
      names.add(name);
    }
  }
}
