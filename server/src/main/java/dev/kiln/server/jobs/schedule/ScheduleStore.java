package dev.kiln.server.jobs.schedule;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Job schedules in the metadata store, on a handle the caller gives (the jobs' transaction, or the
 * scheduler's own). Plain statements and a hand-written row mapper rather than a SqlObject: {@code
 * put} runs once per job in the jobs' transactions, where attaching a SqlObject and reflecting a
 * record per query cost more than the query itself.
 */
final class ScheduleStore {
  private static final RowMapper<ScheduleRow> ROW = ScheduleStore::row;

  private ScheduleStore() {}

  static Optional<ScheduleRow> byJob(Handle h, long jobId) {
    return h.createQuery("SELECT * FROM job_schedules WHERE job_id = :jobId")
        .bind("jobId", jobId)
        .map(ROW)
        .findOne();
  }

  static void insert(Handle h, ScheduleRow row) {
    h.createUpdate(
            "INSERT INTO job_schedules (job_id, expression, timezone_id, paused, next_fire_time,"
                + " updated_at, version) VALUES (:jobId, :expression, :timezoneId, :paused,"
                + " :nextFireTime, :updatedAt, 0)")
        .bindMethods(row)
        .execute();
  }

  /** Replaces a schedule whatever its version: a new schedule wins over a pending advance. */
  static void replace(Handle h, ScheduleRow row) {
    h.createUpdate(
            "UPDATE job_schedules SET expression = :expression, timezone_id = :timezoneId,"
                + " paused = :paused, next_fire_time = :nextFireTime, updated_at = :updatedAt,"
                + " version = version + 1 WHERE job_id = :jobId")
        .bindMethods(row)
        .execute();
  }

  static void delete(Handle h, long jobId) {
    h.createUpdate("DELETE FROM job_schedules WHERE job_id = :jobId")
        .bind("jobId", jobId)
        .execute();
  }

  /**
   * Schedules due at {@code now}, in due order, after the key ({@code afterTime}, {@code afterJob})
   * of the last one of the previous page.
   */
  static List<ScheduleRow> due(Handle h, long now, long afterTime, long afterJob, int limit) {
    return h.createQuery(
            "SELECT * FROM job_schedules WHERE next_fire_time <= :now AND (next_fire_time >"
                + " :afterTime OR (next_fire_time = :afterTime AND job_id > :afterJob))"
                + " ORDER BY next_fire_time, job_id LIMIT :limit")
        .bind("now", now)
        .bind("afterTime", afterTime)
        .bind("afterJob", afterJob)
        .bind("limit", limit)
        .map(ROW)
        .list();
  }

  /** The earliest next fire time of any schedule, or empty when none will fire. */
  static Optional<Long> earliest(Handle h) {
    return h.createQuery("SELECT MIN(next_fire_time) FROM job_schedules")
        .mapTo(Long.class)
        .findOne();
  }

  /**
   * Moves each schedule's next fire time on if its version is still the one read, in one
   * transaction. A schedule changed meanwhile keeps its new next fire time.
   */
  static void advance(Handle h, List<Advance> advances) {
    h.useTransaction(
        tx -> {
          PreparedBatch batch =
              tx.prepareBatch(
                  "UPDATE job_schedules SET next_fire_time = :next, version = version + 1"
                      + " WHERE job_id = :jobId AND version = :version");
          for (Advance a : advances) {
            batch.bind("next", a.next()).bind("jobId", a.jobId()).bind("version", a.version());
            batch.add();
          }
          batch.execute();
        });
  }

  /** A schedule moved from {@code version} to its next fire time (null: none left). */
  record Advance(long jobId, long version, Long next) {}

  private static ScheduleRow row(ResultSet rs, StatementContext ctx) throws SQLException {
    return new ScheduleRow(
        rs.getLong("job_id"),
        rs.getString("expression"),
        rs.getString("timezone_id"),
        rs.getBoolean("paused"),
        rs.getObject("next_fire_time", Long.class),
        rs.getLong("updated_at"),
        rs.getLong("version"));
  }
}
