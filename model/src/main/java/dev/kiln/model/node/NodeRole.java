package dev.kiln.model.node;

/** What a node runs: the driver holds the Spark Master and the SparkSession; a worker a Worker. */
public enum NodeRole {
  DRIVER,
  WORKER
}
