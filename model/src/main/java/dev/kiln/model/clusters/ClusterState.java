package dev.kiln.model.clusters;

import java.util.EnumSet;
import java.util.Set;

/**
 * A cluster's state, owning its transition table: Databricks' (PENDING to RUNNING or TERMINATING;
 * RUNNING to RESIZING, RESTARTING or TERMINATING; RESTARTING and RESIZING back to RUNNING or to
 * TERMINATING; TERMINATING to TERMINATED) plus TERMINATED to PENDING, which {@code start} does.
 */
public enum ClusterState {
  PENDING,
  RUNNING,
  RESTARTING,
  RESIZING,
  TERMINATING,
  TERMINATED,
  ERROR,
  UNKNOWN;

  /** Whether a cluster in this state may move to {@code next}. */
  public boolean canMoveTo(ClusterState next) {
    return successors().contains(next);
  }

  /** The states this one may move to. */
  public Set<ClusterState> successors() {
    return switch (this) {
      case PENDING -> EnumSet.of(RUNNING, TERMINATING);
      case RUNNING -> EnumSet.of(RESIZING, RESTARTING, TERMINATING);
      case RESTARTING, RESIZING -> EnumSet.of(RUNNING, TERMINATING);
      case TERMINATING -> EnumSet.of(TERMINATED);
      case TERMINATED -> EnumSet.of(PENDING);
      case ERROR, UNKNOWN -> EnumSet.noneOf(ClusterState.class);
    };
  }

  /** Not TERMINATED, ERROR or UNKNOWN: the cluster holds, or is about to hold, resources. */
  public boolean isActive() {
    return this != TERMINATED && this != ERROR && this != UNKNOWN;
  }

  /** On the way to another state: PENDING, RESTARTING, RESIZING or TERMINATING. */
  public boolean isTransient() {
    return this == PENDING || this == RESTARTING || this == RESIZING || this == TERMINATING;
  }
}
