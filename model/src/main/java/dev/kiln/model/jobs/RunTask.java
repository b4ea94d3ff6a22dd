package dev.kiln.model.jobs;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** One task run: the task's settings (unwrapped) plus its run's id, state, times and cluster. */
public record RunTask(
    Long runId,
    Integer attemptNumber,
    RunState state,
    RunStatus status,
    Long startTime,
    Long endTime,
    Long setupDuration,
    Long executionDuration,
    Long cleanupDuration,
    Long runDuration,
    Long queueDuration,
    ClusterInstance clusterInstance,
    String runPageUrl,
    @JsonUnwrapped Task task) {}
