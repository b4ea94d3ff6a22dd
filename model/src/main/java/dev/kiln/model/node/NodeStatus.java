package dev.kiln.model.node;

import java.util.List;

/**
 * A node's answer to {@code GET /status}. The Spark fields are absent until Spark is up; the {@code
 * master*}, {@code appId}, {@code workers}, {@code executors}, {@code activeJobs} and {@code
 * activityCount} fields are the driver's. {@code sparkRpcPort} is the Master's port on the driver
 * and the Worker's on a worker; {@code sparkUiPort} the application UI on the driver and the Worker
 * UI on a worker. {@code activityCount} grows with every job start and end and every command start
 * and end; {@code activeCommands} counts the driver's queued-and-running or running commands;
 * {@code sparkConnectPort} is where the driver's Spark Connect server listens (on 127.0.0.1).
 * {@code pendingTasks} (tasks of active stages waiting for a slot), {@code runningTasks} and {@code
 * taskSlots} (tasks the executors can run at once) are the driver's load, which autoscaling reads.
 */
public record NodeStatus(
    String instanceId,
    NodeRole role,
    NodePhase phase,
    String message,
    NodeFailureCode failureCode,
    long pid,
    long startedAt,
    Integer sparkRpcPort,
    Integer sparkUiPort,
    Integer masterUiPort,
    String masterUrl,
    String appId,
    List<SparkWorkerInfo> workers,
    Integer executors,
    Integer activeJobs,
    Long activityCount,
    List<InitScriptResult> initScripts,
    Integer activeCommands,
    Integer sparkConnectPort,
    Integer pendingTasks,
    Integer runningTasks,
    Integer taskSlots) {

  public NodeStatus {
    workers = workers == null ? null : List.copyOf(workers);
    initScripts = initScripts == null ? List.of() : List.copyOf(initScripts);
  }
}
