package dev.kiln.model.jobs;

/** The cluster and Spark context a task run used. */
public record ClusterInstance(String clusterId, String sparkContextId) {}
