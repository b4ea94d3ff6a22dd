package dev.kiln.model.jobs;

/** Whether a schedule fires. */
public enum PauseStatus {
  PAUSED,
  UNPAUSED
}
