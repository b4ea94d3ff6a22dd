package dev.kiln.model.jobs;

/** The outcome of a finished run or task run ({@code state.result_state}). */
public enum RunResultState {
  SUCCESS,
  FAILED,
  TIMEDOUT,
  CANCELED,
  MAXIMUM_CONCURRENT_RUNS_REACHED,
  EXCLUDED,
  SUCCESS_WITH_FAILURES,
  UPSTREAM_FAILED,
  UPSTREAM_CANCELED,
  DISABLED
}
