package dev.kiln.model.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** A job run or a task run as {@code runs/get} and {@code runs/list} return it. */
public record Run(
    Long jobId,
    Long runId,
    Long numberInJob,
    Long originalAttemptRunId,
    Integer attemptNumber,
    String runName,
    RunType runType,
    String runPageUrl,
    String creatorUserName,
    RunState state,
    RunStatus status,
    Long startTime,
    Long endTime,
    Long setupDuration,
    Long executionDuration,
    Long cleanupDuration,
    Long runDuration,
    Long queueDuration,
    TriggerType trigger,
    RunJobOutput triggerInfo,
    List<RunTask> tasks,
    List<JobCluster> jobClusters,
    List<JobParameter> jobParameters,
    RunParameters overridingParameters,
    JsonNode clusterSpec,
    ClusterInstance clusterInstance,
    CronSchedule schedule,
    JsonNode gitSource,
    List<RepairHistoryItem> repairHistory,
    String description,
    Long jobRunId,
    Boolean hasMore,
    String nextPageToken) {}
