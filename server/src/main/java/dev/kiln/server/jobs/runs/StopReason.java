package dev.kiln.server.jobs.runs;

/** Why a run or task run is being stopped before it ends by itself. */
public enum StopReason {
  /** runs/cancel, runs/cancel-all or a job deleted under it. */
  USER,
  /** Its {@code timeout_seconds} passed. */
  TIMEOUT
}
