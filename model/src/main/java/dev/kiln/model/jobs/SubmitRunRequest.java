package dev.kiln.model.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** {@code jobs/runs/submit} in the multi-task format: a one-time run without a job. */
public record SubmitRunRequest(
    String runName,
    List<Task> tasks,
    Long timeoutSeconds,
    String idempotencyToken,
    JsonNode gitSource,
    JsonNode environments,
    JsonNode emailNotifications,
    JsonNode webhookNotifications,
    JsonNode notificationSettings,
    JsonNode health,
    QueueSettings queue,
    JsonNode runAs,
    JsonNode accessControlList,
    String budgetPolicyId) {}
