package dev.kiln.server.jobs.schedule;

import java.time.Instant;

/** Where the scheduler hands a due time: the jobs side records one run for it. */
public interface ScheduledRuns {
  /**
   * Records the run of {@code jobId} due at {@code dueTime} (trigger {@code PERIODIC}). Idempotent:
   * a second call for the same job and due time records nothing, so the scheduler may repeat a call
   * after a crash without duplicating a run. A job that no longer exists is ignored.
   */
  void fire(long jobId, Instant dueTime);
}
