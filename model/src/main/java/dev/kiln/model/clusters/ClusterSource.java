package dev.kiln.model.clusters;

/** What created a cluster. */
public enum ClusterSource {
  API,
  JOB,
  MODELS,
  PIPELINE,
  PIPELINE_MAINTENANCE,
  SQL,
  UI
}
