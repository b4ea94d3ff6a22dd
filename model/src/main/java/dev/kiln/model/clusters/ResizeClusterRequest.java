package dev.kiln.model.clusters;

/** {@code clusters/resize}: a new fixed size or a new autoscale range. */
public record ResizeClusterRequest(String clusterId, Integer numWorkers, AutoScale autoscale) {}
