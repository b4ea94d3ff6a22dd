package dev.kiln.node;

import java.util.Optional;

/** The Spark side of a node: the driver's Master and SparkSession, or a worker's Worker. */
interface SparkRole {
  /**
   * Starts Spark and returns once it is up; throws when it cannot start. {@code news} is run when
   * the status has something new besides the phase, then and later: the driver's Master is up (so
   * workers can join), its executors changed.
   */
  void start(Runnable news) throws Exception;

  /** What Spark looks like now; called only after {@link #start} returned. */
  RoleStatus status();

  /** Why Spark is no longer usable after it was up, if it is not (checked every second). */
  Optional<String> problem();

  /** Stops Spark; safe to call in any state, also when {@link #start} never ran. */
  void stop();

  /**
   * Decommissions a worker: it takes no new tasks, its executors finish theirs and exit. Returns
   * false where there is nothing to decommission (the driver, a role not started).
   */
  default boolean decommission() {
    return false;
  }
}
