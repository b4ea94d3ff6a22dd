package dev.kiln.model.jobs;

/** How a run came to be: run-now, {@code dbutils.notebook.run} or runs/submit. */
public enum RunType {
  JOB_RUN,
  WORKFLOW_RUN,
  SUBMIT_RUN
}
