package dev.kiln.server.jobs.runs;

import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.model.jobs.TerminationCodeCode;

/** How a run or task run ended: both its classic state and its v2 termination code. */
public record RunEnd(
    RunLifeCycleState lifeCycleState,
    RunResultState resultState,
    String stateMessage,
    TerminationCodeCode code,
    boolean userCancelledOrTimedOut) {

  public static final String WORKLOAD_FAILED = "Workload failed, see run output for details.";

  public static RunEnd success() {
    return new RunEnd(
        RunLifeCycleState.TERMINATED,
        RunResultState.SUCCESS,
        "",
        TerminationCodeCode.SUCCESS,
        false);
  }

  public static RunEnd failed() {
    return new RunEnd(
        RunLifeCycleState.TERMINATED,
        RunResultState.FAILED,
        WORKLOAD_FAILED,
        TerminationCodeCode.RUN_EXECUTION_ERROR,
        false);
  }

  public static RunEnd canceled() {
    return new RunEnd(
        RunLifeCycleState.TERMINATED,
        RunResultState.CANCELED,
        "Run cancelled.",
        TerminationCodeCode.USER_CANCELED,
        true);
  }

  public static RunEnd timedOut(long seconds) {
    return new RunEnd(
        RunLifeCycleState.TERMINATED,
        RunResultState.TIMEDOUT,
        "Run timed out after " + seconds + " seconds.",
        TerminationCodeCode.RUN_EXECUTION_ERROR,
        true);
  }

  /** Setting up failed (cluster, libraries, a missing file): the task never ran its workload. */
  public static RunEnd internalError(TerminationCodeCode code, String message) {
    return new RunEnd(
        RunLifeCycleState.INTERNAL_ERROR, RunResultState.FAILED, message, code, false);
  }

  /** Not run, because of its dependencies (UPSTREAM_FAILED, UPSTREAM_CANCELED, EXCLUDED). */
  public static RunEnd skipped(RunResultState result) {
    String message =
        switch (result) {
          case UPSTREAM_FAILED -> "Upstream task failed.";
          case UPSTREAM_CANCELED -> "Upstream task was cancelled.";
          case DISABLED -> "The task is disabled.";
          default -> "The task was excluded: the conditions of its dependencies were not met.";
        };
    TerminationCodeCode code =
        result == RunResultState.DISABLED
            ? TerminationCodeCode.DISABLED
            : TerminationCodeCode.SKIPPED;
    return new RunEnd(RunLifeCycleState.SKIPPED, result, message, code, false);
  }
}
