package dev.kiln.cli;

import com.databricks.sdk.service.jobs.JobsAPI;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.RunResultState;
import com.databricks.sdk.service.jobs.RunState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * {@code --wait} for job runs: polls {@code runs/get} until the run is over (TERMINATED, SKIPPED or
 * INTERNAL_ERROR, as the SDK's waiter and the Databricks CLI decide), with progress on a {@link
 * StatusLine}. A run that did not succeed fails the command with its state message.
 */
final class RunWaiter {
  private static final Duration POLL = Duration.ofSeconds(1);
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
    Instant start = clock.instant();
    Instant deadline = start.plus(timeout);
    try {
      while (true) {
        Run run = jobs.getRun(runId);
        Instant now = clock.instant();
        line.show("run " + runId, JobRows.state(run.getState()), Duration.between(start, now), now);
        RunState state = run.getState();
        if (state != null && OVER.contains(state.getLifeCycleState())) {
          line.done();
          if (state.getResultState() != RunResultState.SUCCESS) {
            throw new CliFailure("run " + runId + " " + JobRows.state(state));
          }
          return run;
        }
        if (!now.isBefore(deadline)) {
          throw new CliFailure(
              "timed out after "
                  + Durations.format(timeout)
                  + " waiting for run "
                  + runId
                  + "; it is "
                  + JobRows.state(state),
              Kiln.TIMED_OUT);
        }
        Thread.sleep(
            Math.max(1, Math.min(POLL.toMillis(), Duration.between(now, deadline).toMillis())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted while waiting for run " + runId);
    } finally {
      line.done();
    }
  }
}
