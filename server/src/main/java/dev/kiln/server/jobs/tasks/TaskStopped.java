package dev.kiln.server.jobs.tasks;

import dev.kiln.server.jobs.runs.StopReason;

/** Thrown inside a runner when its task run was asked to stop (cancel or timeout). */
final class TaskStopped extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final StopReason reason;

  TaskStopped(StopReason reason) {
    super("stopped: " + reason, null, false, false);
    this.reason = reason;
  }

  StopReason reason() {
    return reason;
  }
}
