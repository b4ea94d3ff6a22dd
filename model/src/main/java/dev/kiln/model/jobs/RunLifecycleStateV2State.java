package dev.kiln.model.jobs;

/** The v2 state of a run ({@code status.state}). */
public enum RunLifecycleStateV2State {
  BLOCKED,
  PENDING,
  QUEUED,
  RUNNING,
  TERMINATING,
  TERMINATED,
  WAITING
}
