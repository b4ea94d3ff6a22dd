package dev.kiln.server.jobs.runs;

import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;

/** How one finished dependency counts for the {@code run_if} of a task that waits for it. */
public enum DependencyStatus {
  /** It succeeded (and a condition's outcome matched the edge's {@code outcome}). */
  SUCCEEDED,
  /** It failed, timed out, broke, or was skipped because its own upstream failed. */
  FAILED,
  /** It was canceled, or skipped because its upstream was. */
  CANCELED,
  /** It did not run by design: excluded, disabled, or a condition with the other outcome. */
  EXCLUDED;

  /**
   * The status of an ended dependency.
   *
   * @param wantedOutcome the edge's {@code outcome} ("true"/"false"), or null
   * @param outcome the dependency's outcome when it is a condition task, else null
   */
  public static DependencyStatus of(
      RunLifeCycleState life, RunResultState result, String wantedOutcome, String outcome) {
    if (life == RunLifeCycleState.INTERNAL_ERROR) {
      return FAILED;
    }
    if (result == null) {
      return FAILED;
    }
    return switch (result) {
      case SUCCESS, SUCCESS_WITH_FAILURES ->
          wantedOutcome == null || wantedOutcome.equalsIgnoreCase(String.valueOf(outcome))
              ? SUCCEEDED
              : EXCLUDED;
      case FAILED, TIMEDOUT, UPSTREAM_FAILED, MAXIMUM_CONCURRENT_RUNS_REACHED -> FAILED;
      case CANCELED, UPSTREAM_CANCELED -> CANCELED;
      case EXCLUDED, DISABLED -> EXCLUDED;
    };
  }
}
