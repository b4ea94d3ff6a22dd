package dev.kiln.model.node;

/** A Spark Worker as the cluster's Master sees it ({@code state} is ALIVE, DEAD, ...). */
public record SparkWorkerInfo(
    String id, String host, int port, String state, int cores, int memoryMb) {}
