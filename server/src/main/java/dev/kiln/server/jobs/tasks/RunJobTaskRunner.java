package dev.kiln.server.jobs.tasks;

import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.model.jobs.TerminationCodeCode;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.jobs.runs.JobRunDao;
import dev.kiln.server.jobs.runs.JobRunRow;
import dev.kiln.server.jobs.runs.RunControl;
import dev.kiln.server.jobs.runs.RunEnd;
import dev.kiln.server.jobs.runs.RunTriggers;
import dev.kiln.server.jobs.runs.TaskOutput;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * A run-job task: starts a run of the other job (trigger RUN_JOB_TASK), once per task run even
 * across restarts, and waits for it; a stop cancels the child run.
 */
public final class RunJobTaskRunner implements TaskRunner {
  private final Jdbi jdbi;
  private final RunTriggers triggers;
  private final RunControl control;

  public RunJobTaskRunner(Jdbi jdbi, RunTriggers triggers, RunControl control) {
    this.jdbi = jdbi;
    this.triggers = triggers;
    this.control = control;
  }

  @Override
  public TaskResult run(TaskContext ctx) throws InterruptedException {
    long child;
    if (ctx.progress().has("child_run_id")) {
      child = ctx.progress().get("child_run_id").asLong();
    } else {
      try {
        child =
            triggers.startChild(
                ctx.row().runId(), ctx.run().creatorUserName(), ctx.task().runJobTask());
      } catch (ApiException e) {
        return TaskResult.internalError(
            TerminationCodeCode.RESOURCE_NOT_FOUND,
            "The job to run could not be started: " + e.getMessage());
      }
      ctx.progress().put("child_run_id", child);
      ctx.save();
    }
    ctx.markRunning();
    TaskOutput output = TaskOutput.none().withRunJob(child);
    ctx.onStop(() -> control.cancel(child));
    JobRunDao runs = jdbi.onDemand(JobRunDao.class);
    while (true) {
      JobRunRow run = runs.byId(child).orElse(null);
      if (run == null) {
        return TaskResult.of(
            RunEnd.internalError(
                TerminationCodeCode.RESOURCE_NOT_FOUND, "Run " + child + " was deleted"),
            output);
      }
      if (run.lifeCycleState().isTerminal()) {
        RunResultState r = run.resultState();
        boolean ok =
            run.lifeCycleState() != RunLifeCycleState.INTERNAL_ERROR
                && (r == RunResultState.SUCCESS || r == RunResultState.SUCCESS_WITH_FAILURES);
        return new TaskResult(
            ok ? RunEnd.success() : RunEnd.failed(),
            null,
            Map.of(),
            ok
                ? output
                : output.withError(
                    "Run " + child + " ended " + r + ": " + run.stateMessage(), null));
      }
      ctx.pause(200);
    }
  }
}
