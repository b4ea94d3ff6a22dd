package dev.kiln.server.jobs.schedule;

import org.jdbi.v3.core.Handle;

/**
 * The schedules the scheduler fires, changed in the caller's transaction so that a job and its
 * schedule are stored together or not at all.
 */
public interface JobSchedules {
  /**
   * Creates or replaces the schedule of a job. Throws an {@code ApiException} with {@code
   * INVALID_PARAMETER_VALUE} when the expression or the time zone is invalid.
   */
  void put(Handle handle, long jobId, CronSchedule schedule);

  /** Forgets the schedule of a job (deleted, or its schedule removed); no-op when it has none. */
  void remove(Handle handle, long jobId);
}
