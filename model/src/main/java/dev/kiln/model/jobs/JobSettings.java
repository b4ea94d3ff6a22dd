package dev.kiln.model.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A job's settings in the multi-task format. Kiln interprets the tasks, job clusters, schedule,
 * concurrency, queueing, timeout and parameters; the rest (notifications, tags, git source, run as,
 * health, triggers, environments, ...) is kept verbatim and returned as sent.
 */
public record JobSettings(
    String name,
    String description,
    List<Task> tasks,
    List<JobCluster> jobClusters,
    CronSchedule schedule,
    Integer maxConcurrentRuns,
    Long timeoutSeconds,
    List<JobParameterDefinition> parameters,
    QueueSettings queue,
    Format format,
    Map<String, String> tags,
    JsonNode emailNotifications,
    JsonNode webhookNotifications,
    JsonNode notificationSettings,
    JsonNode gitSource,
    JsonNode runAs,
    JsonNode health,
    JsonNode trigger,
    JsonNode continuous,
    JsonNode environments,
    String editMode,
    JsonNode deployment,
    String budgetPolicyId,
    String performanceTarget) {

  public List<Task> tasksOrEmpty() {
    return tasks == null ? List.of() : tasks;
  }

  public List<JobCluster> jobClustersOrEmpty() {
    return jobClusters == null ? List.of() : jobClusters;
  }

  public List<JobParameterDefinition> parametersOrEmpty() {
    return parameters == null ? List.of() : parameters;
  }

  public int maxConcurrentRunsOrDefault() {
    return maxConcurrentRuns == null ? 1 : maxConcurrentRuns;
  }

  public boolean queueEnabled() {
    return queue != null && Boolean.TRUE.equals(queue.enabled());
  }
}
