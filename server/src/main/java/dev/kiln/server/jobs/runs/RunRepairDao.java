package dev.kiln.server.jobs.runs;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The repair history of runs. */
@RegisterConstructorMapper(RunRepairRow.class)
public interface RunRepairDao {
  @SqlUpdate(
      "INSERT INTO run_repairs (repair_id, job_run_id, repair_type, start_time, end_time,"
          + " life_cycle_state, result_state, state_message, termination_code, task_run_ids)"
          + " VALUES (:repairId, :jobRunId, :repairType, :startTime, :endTime, :lifeCycleState,"
          + " :resultState, :stateMessage, :terminationCode, :taskRunIds)")
  void insert(@BindMethods RunRepairRow row);

  @SqlQuery("SELECT * FROM run_repairs WHERE job_run_id = :run ORDER BY repair_id")
  List<RunRepairRow> ofRun(@Bind("run") long jobRunId);

  /** Records how a repair (or the original run) ended. */
  @SqlUpdate(
      "UPDATE run_repairs SET end_time = :end, life_cycle_state = :life,"
          + " result_state = :result, state_message = :message, termination_code = :code"
          + " WHERE repair_id = :id")
  void finish(
      @Bind("id") long repairId,
      @Bind("end") long end,
      @Bind("life") dev.kiln.model.jobs.RunLifeCycleState life,
      @Bind("result") dev.kiln.model.jobs.RunResultState result,
      @Bind("message") String message,
      @Bind("code") dev.kiln.model.jobs.TerminationCodeCode code);
}
