package dev.kiln.model.jobs;

/** When a task runs, judged from the outcomes of the tasks it depends on. */
public enum RunIf {
  ALL_SUCCESS,
  AT_LEAST_ONE_SUCCESS,
  NONE_FAILED,
  ALL_DONE,
  AT_LEAST_ONE_FAILED,
  ALL_FAILED
}
