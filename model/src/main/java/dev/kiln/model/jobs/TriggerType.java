package dev.kiln.model.jobs;

/** What triggered a run. */
public enum TriggerType {
  PERIODIC,
  ONE_TIME,
  RETRY,
  RUN_JOB_TASK,
  FILE_ARRIVAL,
  CONTINUOUS,
  TABLE,
  CONTINUOUS_RESTART,
  MODEL
}
