package dev.kiln.model.jobs;

import dev.kiln.model.clusters.ClusterSpec;

/** A cluster shared by the tasks of one run, named by {@code job_cluster_key}. */
public record JobCluster(String jobClusterKey, ClusterSpec newCluster) {}
