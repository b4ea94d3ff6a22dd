package dev.kiln.server.jobs.runs;

import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.model.jobs.TerminationCodeCode;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Task runs in the metadata store. A row that reached a terminal state never changes again: every
 * update is guarded by "not yet terminal".
 */
@RegisterConstructorMapper(TaskRunRow.class)
public interface TaskRunDao {
  String OPEN = " AND life_cycle_state NOT IN " + JobRunDao.TERMINAL;

  @SqlUpdate(
      "INSERT INTO task_runs (run_id, job_run_id, task_key, repair_id, attempt_number,"
          + " life_cycle_state, result_state, state_message, user_cancelled, termination_code,"
          + " created_time, not_before, start_time, exec_start_time, end_time, cluster_id,"
          + " spark_context_id, progress, cancel_requested, outcome, task_values, output,"
          + " version) VALUES (:runId, :jobRunId, :taskKey, :repairId, :attemptNumber,"
          + " :lifeCycleState, :resultState, :stateMessage, :userCancelled, :terminationCode,"
          + " :createdTime, :notBefore, :startTime, :execStartTime, :endTime, :clusterId,"
          + " :sparkContextId, :progress, :cancelRequested, :outcome, :taskValues, :output, 0)")
  void insert(@BindMethods TaskRunRow row);

  @SqlQuery("SELECT * FROM task_runs WHERE run_id = :id")
  Optional<TaskRunRow> byId(@Bind("id") long id);

  @SqlQuery("SELECT * FROM task_runs WHERE job_run_id = :run ORDER BY run_id")
  List<TaskRunRow> ofRun(@Bind("run") long jobRunId);

  /** The task runs the engine has work on: not yet ended, of any run. */
  @SqlQuery(
      "SELECT * FROM task_runs WHERE life_cycle_state NOT IN "
          + JobRunDao.TERMINAL
          + " ORDER BY run_id")
  List<TaskRunRow> unfinished();

  /** The task runs not yet ended on a cluster. */
  @SqlQuery("SELECT * FROM task_runs WHERE cluster_id = :cluster" + OPEN + " ORDER BY run_id")
  List<TaskRunRow> openOnCluster(@Bind("cluster") String clusterId);

  @SqlUpdate(
      "UPDATE task_runs SET life_cycle_state = :state, start_time = :now, version = version + 1"
          + " WHERE run_id = :id AND start_time IS NULL"
          + OPEN)
  boolean start(@Bind("id") long id, @Bind("state") RunLifeCycleState state, @Bind("now") long now);

  @SqlUpdate(
      "UPDATE task_runs SET life_cycle_state = 'RUNNING',"
          + " exec_start_time = COALESCE(exec_start_time, :now),"
          + " version = version + 1 WHERE run_id = :id"
          + OPEN)
  boolean running(@Bind("id") long id, @Bind("now") long now);

  @SqlUpdate(
      "UPDATE task_runs SET cluster_id = :cluster, spark_context_id = :context,"
          + " version = version + 1 WHERE run_id = :id"
          + OPEN)
  boolean cluster(
      @Bind("id") long id, @Bind("cluster") String clusterId, @Bind("context") Long contextId);

  @SqlUpdate(
      "UPDATE task_runs SET progress = :progress, version = version + 1 WHERE run_id = :id" + OPEN)
  boolean progress(@Bind("id") long id, @Bind("progress") String progress);

  @SqlUpdate(
      "UPDATE task_runs SET cancel_requested = :reason, version = version + 1"
          + " WHERE run_id = :id AND cancel_requested IS NULL"
          + OPEN)
  boolean requestStop(@Bind("id") long id, @Bind("reason") StopReason reason);

  /** Ends a task run once; false when it had already ended. */
  @SqlUpdate(
      "UPDATE task_runs SET life_cycle_state = :life, result_state = :result,"
          + " state_message = :message, user_cancelled = :userCancelled,"
          + " termination_code = :code, end_time = :now, outcome = :outcome,"
          + " task_values = :taskValues, output = :output, version = version + 1"
          + " WHERE run_id = :id"
          + OPEN)
  boolean finish(
      @Bind("id") long id,
      @Bind("life") RunLifeCycleState life,
      @Bind("result") RunResultState result,
      @Bind("message") String message,
      @Bind("userCancelled") boolean userCancelled,
      @Bind("code") TerminationCodeCode code,
      @Bind("now") long now,
      @Bind("outcome") String outcome,
      @Bind("taskValues") String taskValues,
      @Bind("output") String output);
}
