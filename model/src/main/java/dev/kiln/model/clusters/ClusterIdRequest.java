package dev.kiln.model.clusters;

/**
 * A body or query that names one cluster: {@code start}, {@code delete}, {@code permanent-delete},
 * {@code pin}, {@code unpin}, {@code get}.
 */
public record ClusterIdRequest(String clusterId) {}
