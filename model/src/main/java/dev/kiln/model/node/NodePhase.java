package dev.kiln.model.node;

/** Where a node is in its life, as {@code GET /status} reports it. */
public enum NodePhase {
  /** A pool's instance warms up its runtime; it has no role yet. */
  WARMING,
  /** A pool's instance is warm and waits for a role ({@code POST /assign}). */
  IDLE,
  /** The node's HTTP server is up; nothing else has started. */
  STARTING,
  /** Init scripts are running, in order. */
  INIT_SCRIPTS,
  /** Spark is up: the Master and SparkSession on the driver, the Worker on a worker. */
  READY,
  /** Something failed; {@code failure_code} says what. The node serves its status until stopped. */
  FAILED,
  /** The node is stopping Spark and will exit. */
  STOPPING;

  /**
   * The transition table. A node starts Spark in STARTING, either at once or after its init scripts
   * ({@code INIT_SCRIPTS -> STARTING}); a pool's instance first warms up and waits idle, and its
   * role then starts like any node's ({@code IDLE -> INIT_SCRIPTS | STARTING}). Every phase but
   * STOPPING can fail or stop.
   */
  public boolean canMoveTo(NodePhase next) {
    return switch (this) {
      case WARMING -> next == IDLE || next == FAILED || next == STOPPING;
      case IDLE -> next == INIT_SCRIPTS || next == STARTING || next == FAILED || next == STOPPING;
      case STARTING -> next == INIT_SCRIPTS || next == READY || next == FAILED || next == STOPPING;
      case INIT_SCRIPTS -> next == STARTING || next == FAILED || next == STOPPING;
      case READY -> next == FAILED || next == STOPPING;
      case FAILED -> next == STOPPING;
      case STOPPING -> false;
    };
  }
}
