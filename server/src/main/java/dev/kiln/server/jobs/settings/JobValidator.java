package dev.kiln.server.jobs.settings;

import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.jobs.JobCluster;
import dev.kiln.model.jobs.JobSettings;
import dev.kiln.model.jobs.Task;
import dev.kiln.server.api.ApiException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks job settings and submitted tasks before anything is stored. Every problem is an
 * INVALID_PARAMETER_VALUE naming the task or field at fault.
 */
public final class JobValidator {
  private static final Pattern TASK_KEY = Pattern.compile("^[\\w\\-]{1,100}$");
  static final int MAX_TASKS = 1000;

  private final Predicate<String> clusterExists;
  private final Consumer<ClusterSpec> clusterSpecCheck;

  /**
   * @param clusterExists whether an {@code existing_cluster_id} names a cluster
   * @param clusterSpecCheck throws INVALID_PARAMETER_VALUE for a bad {@code new_cluster}
   */
  public JobValidator(Predicate<String> clusterExists, Consumer<ClusterSpec> clusterSpecCheck) {
    this.clusterExists = clusterExists;
    this.clusterSpecCheck = clusterSpecCheck;
  }

  public void validate(JobSettings settings) {
    if (settings.name() != null
        && settings.name().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 4096) {
      throw ApiException.invalid("The job name must be at most 4096 bytes long");
    }
    Integer max = settings.maxConcurrentRuns();
    if (max != null && (max < 0 || max > 1000)) {
      throw ApiException.invalid("max_concurrent_runs must be between 0 and 1000, got " + max);
    }
    nonNegative(settings.timeoutSeconds(), "timeout_seconds");
    Set<String> clusterKeys = new HashSet<>();
    for (JobCluster c : settings.jobClustersOrEmpty()) {
      ApiException.required(c.jobClusterKey(), "job_clusters.job_cluster_key");
      if (!clusterKeys.add(c.jobClusterKey())) {
        throw ApiException.invalid("Job cluster key " + c.jobClusterKey() + " is not unique");
      }
      if (c.newCluster() == null) {
        throw ApiException.invalid(
            "Job cluster " + c.jobClusterKey() + " must have a new_cluster specification");
      }
      clusterSpecCheck.accept(c.newCluster());
    }
    Set<String> params = new HashSet<>();
    settings
        .parametersOrEmpty()
        .forEach(
            p -> {
              ApiException.required(p.name(), "parameters.name");
              if (!params.add(p.name())) {
                throw ApiException.invalid("Job parameter " + p.name() + " is defined twice");
              }
              if (p.defaultValue() == null) {
                throw ApiException.invalid("Job parameter " + p.name() + " needs a default");
              }
            });
    validateTasks(settings.tasksOrEmpty(), clusterKeys);
  }

  /** The tasks of a job (or of runs/submit, with no job clusters). */
  public void validateTasks(List<Task> tasks, Set<String> jobClusterKeys) {
    if (tasks.size() > MAX_TASKS) {
      throw ApiException.invalid("A job can have at most " + MAX_TASKS + " tasks");
    }
    for (Task t : tasks) {
      validateTask(t, jobClusterKeys);
    }
    TaskGraph.of(tasks);
  }

  private void validateTask(Task t, Set<String> jobClusterKeys) {
    if (t.taskKey() == null || t.taskKey().isBlank()) {
      throw ApiException.invalid("Missing required field: task_key");
    }
    String key = t.taskKey();
    if (!TASK_KEY.matcher(key).matches()) {
      throw ApiException.invalid(
          "Invalid task_key '" + key + "': use 1 to 100 letters, digits, underscores and hyphens");
    }
    List<String> types = t.taskTypes();
    if (types.size() != 1) {
      throw ApiException.invalid(
          types.isEmpty()
              ? "Task " + key + " must have exactly one task type (notebook_task, ...)"
              : "Task " + key + " has more than one task type: " + String.join(", ", types));
    }
    List<String> compute = t.computeChoices();
    if (compute.size() > 1) {
      throw ApiException.invalid(
          "Task "
              + key
              + " can use only one of existing_cluster_id, new_cluster, job_cluster_key,"
              + " environment_key; got "
              + String.join(", ", compute));
    }
    if (t.needsCluster() && compute.isEmpty()) {
      throw ApiException.invalid(
          "Task "
              + key
              + " needs a cluster: set existing_cluster_id, new_cluster or job_cluster_key");
    }
    if (t.environmentKey() != null) {
      throw ApiException.invalid(
          "Task " + key + ": environment_key (serverless compute) is not supported by Kiln");
    }
    if (t.jobClusterKey() != null && !jobClusterKeys.contains(t.jobClusterKey())) {
      throw ApiException.invalid(
          "Task "
              + key
              + " uses job cluster '"
              + t.jobClusterKey()
              + "', which is not defined in job_clusters");
    }
    if (t.existingClusterId() != null && !clusterExists.test(t.existingClusterId())) {
      throw ApiException.invalid(
          "Task " + key + ": cluster " + t.existingClusterId() + " does not exist");
    }
    if (t.newCluster() != null) {
      clusterSpecCheck.accept(t.newCluster());
    }
    if (t.maxRetries() != null && t.maxRetries() < -1) {
      throw ApiException.invalid("Task " + key + ": max_retries must be -1 or more");
    }
    nonNegative(t.minRetryIntervalMillis(), "min_retry_interval_millis");
    nonNegative(t.timeoutSeconds(), "timeout_seconds");
    TaskTypeCheck.check(t);
  }

  private static void nonNegative(Long value, String field) {
    if (value != null && value < 0) {
      throw ApiException.invalid(field + " must not be negative, got " + value);
    }
  }
}
