package dev.kiln.model.jobs;

/**
 * The life-cycle state of a run or task run ({@code state.life_cycle_state}). TERMINATED, SKIPPED
 * and INTERNAL_ERROR are terminal.
 */
public enum RunLifeCycleState {
  QUEUED,
  PENDING,
  RUNNING,
  TERMINATING,
  TERMINATED,
  SKIPPED,
  INTERNAL_ERROR,
  BLOCKED,
  WAITING_FOR_RETRY;

  public boolean isTerminal() {
    return this == TERMINATED || this == SKIPPED || this == INTERNAL_ERROR;
  }

  /** Started and not yet ended: it counts against {@code max_concurrent_runs}. */
  public boolean isActive() {
    return !isTerminal() && this != QUEUED;
  }
}
