package dev.kiln.cli;

import com.databricks.sdk.service.jobs.JobsAPI;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.RunState;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code --wait} for job runs: polls {@code runs/get} until the run is over (TERMINATED, SKIPPED or
 * INTERNAL_ERROR, as the SDK's waiter and the Databricks CLI decide), with progress on a {@link
 * StatusLine}. A run that did not succeed fails the command with its state message.
 */
final class RunWaiter {
  private static final Set<RunLifeCycleState> OVER =
      EnumSet.of(
          RunLifeCycleState.TERMINATED,
          RunLifeCycleState.SKIPPED,
          RunLifeCycleState.INTERNAL_ERROR);

  private final JobsAPI jobs;
  private final StatusLine line;
  private final Clock clock;

  RunWaiter(JobsAPI jobs, StatusLine line, Clock clock) {
    this.jobs = jobs;
    this.line = line;
    this.clock = clock;
  }

  /**
   * The run once it is over. Throws a {@link CliFailure} (exit 1) when it did not succeed, and one
   * with exit {@link Kiln#TIMED_OUT} when {@code timeout} passes first (the run goes on).
   */
  Run until(long runId, Duration timeout) {
    return new Waiting(line, clock)
        .until(
            "run " + runId,
            "run " + runId,
            timeout,
            status -> "run " + runId + "; it is " + status,
            () -> {
              Run run = jobs.getRun(runId);
              RunState state = run.getState();
              String status = JobRows.state(state);
              if (state == null || !OVER.contains(state.getLifeCycleState())) {
                return Waiting.Seen.waiting(status);
              }
              return state.getResultState() == RunResultState.SUCCESS
                  ? Waiting.Seen.done(status, run)
                  : Waiting.Seen.failed(status, "run " + runId + " " + status);
            });
  }
}
