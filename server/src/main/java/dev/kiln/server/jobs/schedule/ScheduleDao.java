package dev.kiln.server.jobs.schedule;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** Job schedules in the metadata store. */
@RegisterConstructorMapper(ScheduleRow.class)
public interface ScheduleDao {
  @SqlQuery("SELECT * FROM job_schedules WHERE job_id = :jobId")
  Optional<ScheduleRow> byJob(@Bind("jobId") long jobId);

  @SqlUpdate(
      "INSERT INTO job_schedules (job_id, expression, timezone_id, paused, next_fire_time,"
          + " updated_at, version) VALUES (:jobId, :expression, :timezoneId, :paused,"
          + " :nextFireTime, :updatedAt, 0)")
  void insert(@BindMethods ScheduleRow row);

  /** Replaces a schedule whatever its version: a new schedule wins over a pending advance. */
  @SqlUpdate(
      "UPDATE job_schedules SET expression = :expression, timezone_id = :timezoneId,"
          + " paused = :paused, next_fire_time = :nextFireTime, updated_at = :updatedAt,"
          + " version = version + 1 WHERE job_id = :jobId")
  int replace(@BindMethods ScheduleRow row);

  @SqlUpdate("DELETE FROM job_schedules WHERE job_id = :jobId")
  int delete(@Bind("jobId") long jobId);

  /**
   * Schedules due at {@code now}, in due order, after the key ({@code afterTime}, {@code afterJob})
   * of the last one of the previous page.
   */
  @SqlQuery(
      "SELECT * FROM job_schedules WHERE next_fire_time <= :now AND (next_fire_time > :afterTime"
          + " OR (next_fire_time = :afterTime AND job_id > :afterJob))"
          + " ORDER BY next_fire_time, job_id LIMIT :limit")
  List<ScheduleRow> due(
      @Bind("now") long now,
      @Bind("afterTime") long afterTime,
      @Bind("afterJob") long afterJob,
      @Bind("limit") int limit);

  /** The earliest next fire time of any schedule, or null when none will fire. */
  @SqlQuery("SELECT MIN(next_fire_time) FROM job_schedules")
  Long earliest();

  /**
   * Moves each schedule's next fire time on if its version is still the one read; returns 1 per
   * schedule moved and 0 for one changed meanwhile (whose new schedule stands).
   */
  @Transaction
  @SqlBatch(
      "UPDATE job_schedules SET next_fire_time = :next, version = version + 1"
          + " WHERE job_id = :jobId AND version = :version")
  int[] advance(@BindMethods List<Advance> advances);

  /** A schedule moved from {@code version} to its next fire time (null: none left). */
  record Advance(long jobId, long version, Long next) {}
}
