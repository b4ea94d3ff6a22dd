package dev.kiln.model.jobs;

/** Whether a job was written in the 2.0 single-task format or with a task list. */
public enum Format {
  SINGLE_TASK,
  MULTI_TASK
}
