package dev.kiln.model.jobs;

/** Why a run waits in the queue ({@code status.queue_details.code}). */
public enum QueueDetailsCodeCode {
  ACTIVE_RUNS_LIMIT_REACHED,
  MAX_CONCURRENT_RUNS_REACHED,
  ACTIVE_RUN_JOB_TASKS_LIMIT_REACHED
}
