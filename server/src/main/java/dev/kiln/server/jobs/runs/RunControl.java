package dev.kiln.server.jobs.runs;

import dev.kiln.model.jobs.JobParameter;
import dev.kiln.model.jobs.JobSettings;
import dev.kiln.model.jobs.RepairHistoryItemType;
import dev.kiln.model.jobs.RepairRunRequest;
import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunParameters;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.jobs.settings.JobDao;
import dev.kiln.server.jobs.settings.JobsJson;
import dev.kiln.server.jobs.settings.TaskGraph;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** Changing runs: runs/cancel, runs/cancel-all, runs/repair and runs/delete. */
public final class RunControl {
  private final Jdbi jdbi;
  private final Clock clock;
  private final Runnable wakeEngine;

  public RunControl(Jdbi jdbi, Clock clock, Runnable wakeEngine) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.wakeEngine = wakeEngine;
  }

  /** Cancels a job run (all its tasks) or one task run; a no-op on what has ended. */
  public void cancel(long runId) {
    if (jdbi.onDemand(JobRunDao.class).byId(runId).isPresent()) {
      jdbi.onDemand(JobRunDao.class).requestStop(runId, StopReason.USER);
    } else if (jdbi.onDemand(TaskRunDao.class).byId(runId).isPresent()) {
      jdbi.onDemand(TaskRunDao.class).requestStop(runId, StopReason.USER);
    } else {
      throw RunQueries.runNotFound(runId);
    }
    wakeEngine.run();
  }

  /** The active runs of a job, or with {@code allQueuedRuns} the queued ones (of it, or all). */
  public void cancelAll(Long jobId, boolean allQueuedRuns) {
    if (jobId == null && !allQueuedRuns) {
      throw ApiException.invalid("Either job_id or all_queued_runs must be given");
    }
    JobRunDao runs = jdbi.onDemand(JobRunDao.class);
    if (jobId != null) {
      var unused = jdbi.onDemand(JobDao.class).existing(jobId);
    }
    List<JobRunRow> candidates = jobId != null ? runs.unfinishedOf(jobId) : runs.unfinished();
    for (JobRunRow r : candidates) {
      if (!allQueuedRuns || r.lifeCycleState() == RunLifeCycleState.QUEUED) {
        runs.requestStop(r.runId(), StopReason.USER);
      }
    }
    wakeEngine.run();
  }

  public void delete(long runId) {
    JobRunDao runs = jdbi.onDemand(JobRunDao.class);
    Optional<JobRunRow> row = runs.byId(runId);
    if (row.isEmpty()) {
      if (jdbi.onDemand(TaskRunDao.class).byId(runId).isPresent()) {
        throw ApiException.invalid(
            "Run " + runId + " is a task run; delete the job run it belongs to");
      }
      throw RunQueries.runNotFound(runId);
    }
    if (!row.get().lifeCycleState().isTerminal()) {
      throw new ApiException(
          ErrorCode.INVALID_STATE,
          "Run " + runId + " is still active; cancel it and wait for it to end first");
    }
    runs.delete(runId);
  }

  /** Runs the chosen tasks of a finished run again, as a new repair; returns its id. */
  public long repair(RepairRunRequest req) {
    long runId = ApiException.required(req.runId(), "run_id");
    JobRunRow run =
        jdbi.onDemand(JobRunDao.class).byId(runId).orElseThrow(() -> RunQueries.runNotFound(runId));
    if (!run.lifeCycleState().isTerminal()) {
      throw new ApiException(
          ErrorCode.INVALID_STATE,
          "Run " + runId + " is still active; only ended runs can be repaired");
    }
    if (run.repairId() != 0 && !Long.valueOf(run.repairId()).equals(req.latestRepairId())) {
      throw ApiException.invalid(
          "latest_repair_id must be the id of the latest repair of run "
              + runId
              + " ("
              + run.repairId()
              + ")");
    }
    JobSettings settings = JobsJson.read(run.settings(), JobSettings.class);
    TaskGraph graph = TaskGraph.of(settings.tasksOrEmpty());
    List<TaskRunRow> rows = jdbi.onDemand(TaskRunDao.class).ofRun(runId);
    Set<String> rerun = chosen(req, graph, TaskPlanner.last(rows));
    long now = clock.millis();
    return jdbi.inTransaction(
        h -> {
          long repairId = RunIds.next(h, RunIds.REPAIR);
          RunRepairDao repairs = h.attach(RunRepairDao.class);
          if (run.repairId() == 0) {
            repairs.insert(
                new RunRepairRow(
                    runId,
                    runId,
                    RepairHistoryItemType.ORIGINAL,
                    run.createdTime(),
                    run.endTime(),
                    run.lifeCycleState(),
                    run.resultState(),
                    run.stateMessage(),
                    run.terminationCode(),
                    JobsJson.write(rows.stream().map(TaskRunRow::runId).toList())));
          }
          List<Long> ids = new ArrayList<>();
          for (String key : rerun) {
            ids.add(
                RunRecorder.insertTaskRun(
                    h, runId, key, repairId, 0, RunLifeCycleState.PENDING, now, now));
          }
          repairs.insert(
              new RunRepairRow(
                  repairId,
                  runId,
                  RepairHistoryItemType.REPAIR,
                  now,
                  null,
                  RunLifeCycleState.RUNNING,
                  null,
                  "",
                  null,
                  JobsJson.write(ids)));
          RunParameters overriding = merge(run, req.overriding());
          String jobParams = run.jobParameters();
          if (req.jobParameters() != null && run.jobParameters() != null) {
            List<JobParameter> params = new ArrayList<>();
            for (JobParameter p : JobsJson.read(run.jobParameters(), JobParameter[].class)) {
              params.add(
                  new JobParameter(
                      p.name(),
                      p.defaultValue(),
                      req.jobParameters().getOrDefault(p.name(), p.value())));
            }
            jobParams = JobsJson.write(params);
          }
          JobRunRow repaired =
              new JobRunRow(
                  run.runId(),
                  run.jobId(),
                  run.runName(),
                  run.runType(),
                  run.triggerType(),
                  run.triggerRunId(),
                  run.creatorUserName(),
                  run.settings(),
                  overriding == null ? null : JobsJson.write(overriding),
                  jobParams,
                  RunLifeCycleState.RUNNING,
                  null,
                  "",
                  false,
                  null,
                  null,
                  null,
                  run.createdTime(),
                  run.startTime() == null ? now : run.startTime(),
                  null,
                  run.scheduledTime(),
                  run.idempotencyKey(),
                  null,
                  repairId,
                  run.version());
          if (!h.attach(JobRunDao.class).update(repaired)) {
            throw new ApiException(
                ErrorCode.TEMPORARILY_UNAVAILABLE, "Run " + runId + " is changing; try again");
          }
          wakeEngine.run();
          return repairId;
        });
  }

  private static Set<String> chosen(
      RepairRunRequest req, TaskGraph graph, Map<String, TaskRunRow> last) {
    boolean all = Boolean.TRUE.equals(req.rerunAllFailedTasks());
    List<String> named = req.rerunTasks() == null ? List.of() : req.rerunTasks();
    if (all && !named.isEmpty()) {
      throw ApiException.invalid("Only one of rerun_tasks and rerun_all_failed_tasks can be set");
    }
    Set<String> keys = new LinkedHashSet<>();
    if (all) {
      last.values().stream().filter(RunControl::needsRerun).forEach(r -> keys.add(r.taskKey()));
    } else {
      for (String key : named) {
        if (graph.task(key) == null) {
          throw ApiException.invalid(
              "Task " + key + " given in rerun_tasks does not exist in the run");
        }
        keys.add(key);
      }
    }
    if (keys.isEmpty()) {
      throw ApiException.invalid(
          all
              ? "The run has no failed tasks to repair"
              : "Either rerun_tasks or rerun_all_failed_tasks must be set");
    }
    if (Boolean.TRUE.equals(req.rerunDependentTasks())) {
      for (String key : List.copyOf(keys)) {
        keys.addAll(graph.downstreamOf(key));
      }
    }
    Set<String> ordered = new LinkedHashSet<>();
    graph
        .order()
        .forEach(
            t -> {
              if (keys.contains(t.taskKey())) {
                ordered.add(t.taskKey());
              }
            });
    return ordered;
  }

  private static boolean needsRerun(TaskRunRow r) {
    return r.failed()
        || r.resultState() == RunResultState.UPSTREAM_FAILED
        || r.resultState() == RunResultState.UPSTREAM_CANCELED
        || r.resultState() == RunResultState.CANCELED;
  }

  private static RunParameters merge(JobRunRow run, RunParameters given) {
    RunParameters before = JobsJson.read(run.overridingParameters(), RunParameters.class);
    if (before == null) {
      return given;
    }
    return new RunParameters(
        given.notebookParams() != null ? given.notebookParams() : before.notebookParams(),
        given.pythonParams() != null ? given.pythonParams() : before.pythonParams(),
        given.jarParams() != null ? given.jarParams() : before.jarParams(),
        given.sparkSubmitParams() != null ? given.sparkSubmitParams() : before.sparkSubmitParams(),
        given.sqlParams() != null ? given.sqlParams() : before.sqlParams(),
        given.pythonNamedParams() != null ? given.pythonNamedParams() : before.pythonNamedParams(),
        given.pipelineParams() != null ? given.pipelineParams() : before.pipelineParams(),
        given.dbtCommands() != null ? given.dbtCommands() : before.dbtCommands());
  }

  static List<Long> ids(String json) {
    return Arrays.asList(JobsJson.read(json, Long[].class));
  }
}
