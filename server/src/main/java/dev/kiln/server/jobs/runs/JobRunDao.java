package dev.kiln.server.jobs.runs;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Job runs in the metadata store. State changes are compare-and-set on {@code version}. */
@RegisterConstructorMapper(JobRunRow.class)
public interface JobRunDao {
  String TERMINAL = "('TERMINATED', 'SKIPPED', 'INTERNAL_ERROR')";

  @SqlUpdate(
      "INSERT INTO job_runs (run_id, job_id, run_name, run_type, trigger_type, trigger_run_id,"
          + " creator_user_name, settings, overriding_parameters, job_parameters,"
          + " life_cycle_state, result_state, state_message, user_cancelled, termination_code,"
          + " queue_code, queue_reason, created_time, start_time, end_time, scheduled_time,"
          + " idempotency_key, cancel_requested, repair_id, version) VALUES (:runId, :jobId,"
          + " :runName, :runType, :triggerType, :triggerRunId, :creatorUserName, :settings,"
          + " :overridingParameters, :jobParameters, :lifeCycleState, :resultState,"
          + " :stateMessage, :userCancelled, :terminationCode, :queueCode, :queueReason,"
          + " :createdTime, :startTime, :endTime, :scheduledTime, :idempotencyKey,"
          + " :cancelRequested, :repairId, 0)")
  void insert(@BindMethods JobRunRow row);

  /** Writes the state columns of {@code row} if its version is still current. */
  @SqlUpdate(
      "UPDATE job_runs SET life_cycle_state = :lifeCycleState, result_state = :resultState,"
          + " state_message = :stateMessage, user_cancelled = :userCancelled,"
          + " termination_code = :terminationCode, queue_code = :queueCode,"
          + " queue_reason = :queueReason, start_time = :startTime, end_time = :endTime,"
          + " overriding_parameters = :overridingParameters, job_parameters = :jobParameters,"
          + " cancel_requested = :cancelRequested, repair_id = :repairId,"
          + " version = version + 1 WHERE run_id = :runId AND version = :version")
  boolean update(@BindMethods JobRunRow row);

  /** Asks a run that has not ended to stop; a no-op on ended runs and on a run already asked. */
  @SqlUpdate(
      "UPDATE job_runs SET cancel_requested = :reason, version = version + 1"
          + " WHERE run_id = :id AND cancel_requested IS NULL AND life_cycle_state NOT IN "
          + TERMINAL)
  boolean requestStop(@Bind("id") long id, @Bind("reason") StopReason reason);

  @SqlQuery("SELECT * FROM job_runs WHERE run_id = :id")
  Optional<JobRunRow> byId(@Bind("id") long id);

  @SqlQuery("SELECT * FROM job_runs WHERE idempotency_key = :key")
  Optional<JobRunRow> byIdempotencyKey(@Bind("key") String key);

  @SqlQuery("SELECT * FROM job_runs WHERE job_id = :job AND scheduled_time = :due")
  Optional<JobRunRow> byDueTime(@Bind("job") long jobId, @Bind("due") long due);

  @SqlQuery("SELECT * FROM job_runs WHERE life_cycle_state NOT IN " + TERMINAL + " ORDER BY run_id")
  List<JobRunRow> unfinished();

  /** Runs that left the queue and have not ended, oldest first: what the engine steps. */
  @SqlQuery(
      "SELECT * FROM job_runs WHERE life_cycle_state <> 'QUEUED' AND life_cycle_state NOT IN "
          + TERMINAL
          + " ORDER BY run_id")
  List<JobRunRow> started();

  /** How many runs of each job have left the queue and not ended. */
  @SqlQuery(
      "SELECT job_id, COUNT(*) AS n FROM job_runs WHERE job_id IS NOT NULL"
          + " AND life_cycle_state <> 'QUEUED' AND life_cycle_state NOT IN "
          + TERMINAL
          + " GROUP BY job_id")
  @KeyColumn("job_id")
  @ValueColumn("n")
  Map<Long, Integer> startedPerJob();

  /** Queued runs someone asked to stop. */
  @SqlQuery(
      "SELECT * FROM job_runs WHERE life_cycle_state = 'QUEUED' AND cancel_requested IS NOT NULL"
          + " ORDER BY run_id")
  List<JobRunRow> queuedStopping();

  /**
   * Per job, its oldest queued run (not being stopped) when that run already waits for a slot:
   * while the job's started runs are at this run's limit, none of its waiting runs can start.
   */
  @SqlQuery(
      "SELECT * FROM job_runs r WHERE r.life_cycle_state = 'QUEUED'"
          + " AND r.cancel_requested IS NULL AND r.queue_code IS NOT NULL"
          + " AND r.run_id = (SELECT MIN(o.run_id) FROM job_runs o WHERE o.job_id = r.job_id"
          + " AND o.life_cycle_state = 'QUEUED' AND o.cancel_requested IS NULL)")
  List<JobRunRow> waitingHeads();

  /** Queued runs not being stopped, oldest first. */
  @SqlQuery(
      "SELECT * FROM job_runs WHERE life_cycle_state = 'QUEUED' AND cancel_requested IS NULL"
          + " ORDER BY run_id")
  List<JobRunRow> queued();

  /**
   * {@link #queued()} less the runs that already wait in the queues of {@code full} jobs (which
   * must not be empty).
   */
  @SqlQuery(
      "SELECT * FROM job_runs WHERE life_cycle_state = 'QUEUED' AND cancel_requested IS NULL"
          + " AND (queue_code IS NULL OR job_id IS NULL OR job_id NOT IN (<full>))"
          + " ORDER BY run_id")
  List<JobRunRow> queuedExcept(@BindList("full") Collection<Long> full);

  @SqlQuery(
      "SELECT * FROM job_runs WHERE job_id = :job AND life_cycle_state NOT IN "
          + TERMINAL
          + " ORDER BY run_id")
  List<JobRunRow> unfinishedOf(@Bind("job") long jobId);

  @SqlQuery("SELECT COUNT(*) FROM job_runs WHERE job_id = :job")
  long countOf(@Bind("job") long jobId);

  /** Runs newest first, filtered by the given SQL condition (built from fixed fragments only). */
  @SqlQuery("SELECT * FROM job_runs WHERE <where> ORDER BY run_id DESC LIMIT :limit OFFSET :offset")
  List<JobRunRow> page(
      @Define("where") String where,
      @Bind("job") Long jobId,
      @Bind("runType") String runType,
      @Bind("from") Long startFrom,
      @Bind("to") Long startTo,
      @Bind("offset") long offset,
      @Bind("limit") int limit);

  @SqlUpdate("DELETE FROM job_runs WHERE run_id = :id")
  int delete(@Bind("id") long id);
}
