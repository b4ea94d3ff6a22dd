package dev.kiln.model.node;

/** Where a node is in its life, as {@code GET /status} reports it. */
public enum NodePhase {
  /** The node's HTTP server is up; nothing else has started. */
  STARTING,
  /** Init scripts are running, in order. */
  INIT_SCRIPTS,
  /** Spark is up: the Master and SparkSession on the driver, the Worker on a worker. */
  READY,
  /** Something failed; {@code failure_code} says what. The node serves its status until stopped. */
  FAILED,
  /** The node is stopping Spark and will exit. */
  STOPPING
}
