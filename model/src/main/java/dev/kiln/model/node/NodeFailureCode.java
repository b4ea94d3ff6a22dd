package dev.kiln.model.node;

/** Why a node is {@link NodePhase#FAILED}. */
public enum NodeFailureCode {
  /** An init script exited with a non-zero code; Spark was not started. */
  INIT_SCRIPT_FAILURE,
  /** Starting the Master, the SparkSession or the Worker threw. */
  SPARK_STARTUP_FAILURE,
  /** Spark stopped on its own after it was ready (e.g. the SparkContext stopped). */
  SPARK_ERROR
}
