package dev.kiln.server.compute;

/** Where a node process is in its life, as the control plane tracks it. */
public enum NodeState {
  /** Recorded; the process may or may not have started yet. */
  LAUNCHING,
  /** The process runs and answers on its port. */
  UP,
  /** Asked to stop; it is given a grace period, then killed. */
  STOPPING,
  /** The process is gone; the row stays for its logs. */
  GONE
}
