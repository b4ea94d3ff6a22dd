package dev.kiln.model.node;

/**
 * A Spark Worker as the cluster's Master sees it ({@code state} is ALIVE, DECOMMISSIONED, DEAD,
 * ...). {@code executors} and {@code runningTasks} count the cluster application's executors on the
 * worker and the tasks they run now (null when unknown).
 */
public record SparkWorkerInfo(
    String id,
    String host,
    int port,
    String state,
    int cores,
    int memoryMb,
    Integer executors,
    Integer runningTasks) {}
