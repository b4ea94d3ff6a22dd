package dev.kiln.cli;

import com.databricks.sdk.service.jobs.BaseRun;
import com.databricks.sdk.service.jobs.CancelAllRuns;
import com.databricks.sdk.service.jobs.JobsAPI;
import com.databricks.sdk.service.jobs.ListRunsRequest;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunOutput;
import com.databricks.sdk.service.jobs.SubmitRun;
import com.databricks.sdk.service.jobs.SubmitRunResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kiln runs}: job runs — one-time submits, history, output, cancel. */
@Command(name = "runs", description = "Job runs: submit, list, get, get-output, cancel.")
final class RunsCommand {
  @ParentCommand Kiln kiln;

  /** {@code --wait [--timeout D]} for a run to be over. */
  static final class WaitOptions {
    @Option(
        names = "--wait",
        description = "Wait until the run is over; exit 1 unless it succeeded.")
    boolean wait;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        defaultValue = "1h",
        converter = Durations.class,
        description =
            "How long --wait waits (e.g. 90s, 20m); then exit 3. Default: ${DEFAULT-VALUE}.")
    Duration timeout;
  }

  private JobsAPI jobs() {
    return kiln.client().jobs();
  }

  private void await(long runId, WaitOptions wait) {
    if (wait.wait) {
      new RunWaiter(jobs(), new StatusLine(kiln.err, kiln.terminal()), Clock.systemUTC())
          .until(runId, wait.timeout);
    }
  }

  @Command(name = "submit", description = "Submit a one-time run from JSON; prints its ID.")
  void submit(@ArgGroup(multiplicity = "1") JsonBody json, @Mixin WaitOptions wait) {
    SubmitRunResponse submitted = jobs().submit(json.read(SubmitRun.class, kiln.err)).getResponse();
    await(submitted.getRunId(), wait);
    kiln.output().print(submitted, null, List.of(List.of(Output.text(submitted.getRunId()))));
  }

  @Command(name = "list", description = "List runs, newest first.")
  void list(
      @Option(names = "--job-id", paramLabel = "JOB_ID", description = "Only this job's runs.")
          Long jobId,
      @Option(names = "--active-only", description = "Only runs not over yet.") boolean active,
      @Option(names = "--completed-only", description = "Only runs that are over.")
          boolean completed,
      @Option(
              names = "--limit",
              paramLabel = "N",
              defaultValue = "25",
              description = "At most N runs. Default: ${DEFAULT-VALUE}.")
          int limit) {
    ListRunsRequest request =
        new ListRunsRequest()
            .setJobId(jobId)
            .setActiveOnly(active ? true : null)
            .setCompletedOnly(completed ? true : null)
            .setLimit((long) Math.min(Math.max(limit, 1), 25));
    List<BaseRun> runs = new ArrayList<>();
    for (BaseRun run : jobs().listRuns(request)) {
      if (runs.size() >= limit) {
        break;
      }
      runs.add(run);
    }
    List<List<String>> rows = new ArrayList<>();
    runs.forEach(r -> rows.add(JobRows.runRow(r)));
    kiln.output().print(runs, JobRows.RUN_HEADER, rows);
  }

  @Command(name = "get", description = "Show one run and its tasks.")
  void get(@Parameters(paramLabel = "RUN_ID") long runId) {
    Run run = jobs().getRun(runId);
    if (kiln.output().json()) {
      kiln.output().printJson(run);
      return;
    }
    BaseRun base =
        new BaseRun()
            .setRunId(run.getRunId())
            .setJobId(run.getJobId())
            .setRunName(run.getRunName())
            .setState(run.getState())
            .setStartTime(run.getStartTime())
            .setEndTime(run.getEndTime())
            .setRunDuration(run.getRunDuration());
    kiln.output().print(run, JobRows.RUN_HEADER, List.of(JobRows.runRow(base)));
    if (run.getTasks() != null && !run.getTasks().isEmpty()) {
      kiln.out.println();
      kiln.output()
          .print(run, JobRows.TASK_HEADER, JobRows.taskRows(new ArrayList<>(run.getTasks())));
    }
    if (run.getRunPageUrl() != null) {
      kiln.out.println();
      kiln.out.println(run.getRunPageUrl());
    }
  }

  @Command(
      name = "get-output",
      description = "A task run's output: notebook result, logs or error.")
  void getOutput(@Parameters(paramLabel = "RUN_ID") long runId) {
    RunOutput output = jobs().getRunOutput(runId);
    if (kiln.output().json()) {
      kiln.output().printJson(output);
      return;
    }
    if (output.getNotebookOutput() != null && output.getNotebookOutput().getResult() != null) {
      kiln.out.println(output.getNotebookOutput().getResult());
    }
    if (output.getLogs() != null) {
      kiln.out.print(output.getLogs());
      if (!output.getLogs().endsWith("\n")) {
        kiln.out.println();
      }
    }
    if (output.getError() != null) {
      kiln.err.println("Error: " + output.getError());
    }
  }

  @Command(name = "cancel", description = "Cancel a run (or a task run).")
  void cancel(@Parameters(paramLabel = "RUN_ID") long runId, @Mixin CancelWait wait) {
    jobs().cancelRun(runId);
    if (wait.wait) {
      try {
        new RunWaiter(jobs(), new StatusLine(kiln.err, kiln.terminal()), Clock.systemUTC())
            .until(runId, wait.timeout);
      } catch (CliFailure e) {
        // A cancelled run does not succeed: that is what was asked; only a timeout is a failure.
        if (e.exitCode() == Kiln.TIMED_OUT) {
          throw e;
        }
      }
    }
  }

  /** {@code --wait} of cancel: until the run is over, whatever its result. */
  static final class CancelWait {
    @Option(names = "--wait", description = "Wait until the run is over.")
    boolean wait;

    @Option(
        names = "--timeout",
        paramLabel = "DURATION",
        defaultValue = "10m",
        converter = Durations.class,
        description = "How long --wait waits; then exit 3. Default: ${DEFAULT-VALUE}.")
    Duration timeout;
  }

  @Command(name = "cancel-all", description = "Cancel every active run of a job.")
  void cancelAll(
      @Option(names = "--job-id", paramLabel = "JOB_ID", required = true) long jobId,
      @Option(names = "--all-queued-runs", description = "Also cancel queued runs.")
          boolean queued) {
    jobs()
        .cancelAllRuns(new CancelAllRuns().setJobId(jobId).setAllQueuedRuns(queued ? true : null));
  }

  @Command(name = "delete", description = "Delete a run that is over.")
  void delete(@Parameters(paramLabel = "RUN_ID") long runId) {
    jobs().deleteRun(runId);
  }
}
