package dev.kiln.cli;

import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ClustersAPI;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.compute.TerminationReason;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * {@code --wait}: polls {@code clusters/get} until a cluster reaches its goal state, showing its
 * progress on stderr. A terminal gets one self-rewriting line; pipes and logs get a plain line when
 * the state or its message changes, and at least every {@link #PLAIN_EVERY}.
 */
final class ClusterWaiter {
  static final Duration POLL = Duration.ofSeconds(1);
  static final Duration PLAIN_EVERY = Duration.ofSeconds(30);

  /** The state a {@code --wait} waits for. */
  enum Goal {
    RUNNING,
    TERMINATED
  }

  private final ClustersAPI clusters;
  private final PrintStream err;
  private final boolean terminal;
  private final Clock clock;
  private int shownWidth;

  ClusterWaiter(ClustersAPI clusters, PrintStream err, boolean terminal, Clock clock) {
    this.clusters = clusters;
    this.err = err;
    this.terminal = terminal;
    this.clock = clock;
  }

  /**
   * The cluster once in {@code goal}. Throws a {@link CliFailure} (exit 1) when it ends elsewhere
   * (TERMINATED or ERROR while waiting for RUNNING, ERROR while waiting for TERMINATED), and one
   * with exit {@link Kiln#TIMED_OUT} when {@code timeout} passes first.
   */
  ClusterDetails until(String clusterId, Goal goal, Duration timeout) {
    Instant start = clock.instant();
    Instant deadline = start.plus(timeout);
    String shown = null;
    Instant shownAt = start;
    try {
      while (true) {
        ClusterDetails d = clusters.get(clusterId);
        Instant now = clock.instant();
        Duration elapsed = Duration.between(start, now);
        String status = status(d);
        if (terminal) {
          redraw(clusterId + ": " + status + "  " + Durations.format(elapsed));
        } else if (!status.equals(shown) || !now.isBefore(shownAt.plus(PLAIN_EVERY))) {
          err.println(clusterId + ": " + status + " (" + Durations.format(elapsed) + ")");
          err.flush();
          shown = status;
          shownAt = now;
        }
        State state = d.getState();
        if (state != null && state.name().equals(goal.name())) {
          return d;
        }
        if (state == State.ERROR || (goal == Goal.RUNNING && state == State.TERMINATED)) {
          throw new CliFailure(ended(clusterId, d));
        }
        if (!now.isBefore(deadline)) {
          throw new CliFailure(
              "timed out after "
                  + Durations.format(timeout)
                  + " waiting for cluster "
                  + clusterId
                  + " to be "
                  + goal
                  + "; it is "
                  + status,
              Kiln.TIMED_OUT);
        }
        Thread.sleep(
            Math.max(1, Math.min(POLL.toMillis(), Duration.between(now, deadline).toMillis())));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted while waiting for cluster " + clusterId);
    } finally {
      if (terminal && shownWidth > 0) {
        err.println();
        err.flush();
      }
    }
  }

  private void redraw(String line) {
    // Pad over the rest of a longer previous line.
    err.print("\r" + line + " ".repeat(Math.max(0, shownWidth - line.length())));
    err.flush();
    shownWidth = line.length();
  }

  private static String status(ClusterDetails d) {
    String state = Objects.toString(d.getState(), "UNKNOWN");
    String message = d.getStateMessage();
    return message == null || message.isBlank() ? state : state + " (" + message + ")";
  }

  /** Why a cluster stopped short of RUNNING: its state and termination reason. */
  static String ended(String clusterId, ClusterDetails d) {
    StringBuilder text = new StringBuilder("cluster " + clusterId + " is " + d.getState());
    TerminationReason reason = d.getTerminationReason();
    String message = d.getStateMessage();
    if (reason != null && reason.getParameters() != null) {
      message = reason.getParameters().getOrDefault("databricks_error_message", message);
    }
    if (reason != null && reason.getCode() != null) {
      text.append(": ").append(reason.getCode());
    }
    if (message != null && !message.isBlank()) {
      text.append(": ").append(message);
    }
    return text.toString();
  }
}
