package dev.kiln.model.clusters;

/** The last log delivery attempt (epoch ms) and its failure, if any. */
public record ClusterLogStatus(Long lastAttempted, String lastException) {}
