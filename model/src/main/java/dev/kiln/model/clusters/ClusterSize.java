package dev.kiln.model.clusters;

/** A cluster's size in an event: a fixed {@code num_workers} or an {@code autoscale} range. */
public record ClusterSize(Integer numWorkers, AutoScale autoscale) {}
