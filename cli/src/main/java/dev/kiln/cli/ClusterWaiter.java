package dev.kiln.cli;

import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ClustersAPI;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.compute.TerminationReason;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * {@code --wait}: polls {@code clusters/get} until a cluster reaches its goal state, with progress
 * on a {@link StatusLine}.
 */
final class ClusterWaiter {

  /** The state a {@code --wait} waits for. */
  enum Goal {
    RUNNING,
    TERMINATED
  }

  private final ClustersAPI clusters;
  private final StatusLine line;
  private final Clock clock;

  ClusterWaiter(ClustersAPI clusters, StatusLine line, Clock clock) {
    this.clusters = clusters;
    this.line = line;
    this.clock = clock;
  }

  /**
   * The cluster once in {@code goal}. Throws a {@link CliFailure} (exit 1) when it ends elsewhere
   * (TERMINATED or ERROR while waiting for RUNNING, ERROR while waiting for TERMINATED), and one
   * with exit {@link Kiln#TIMED_OUT} when {@code timeout} passes first.
   */
  ClusterDetails until(String clusterId, Goal goal, Duration timeout) {
    return new Waiting(line, clock)
        .until(
            clusterId,
            "cluster " + clusterId,
            timeout,
            status -> "cluster " + clusterId + " to be " + goal + "; it is " + status,
            () -> {
              ClusterDetails d = clusters.get(clusterId);
              String status = status(d);
              State state = d.getState();
              if (state != null && state.name().equals(goal.name())) {
                return Waiting.Seen.done(status, d);
              }
              if (state == State.ERROR || (goal == Goal.RUNNING && state == State.TERMINATED)) {
                return Waiting.Seen.failed(status, ended(clusterId, d));
              }
              return Waiting.Seen.waiting(status);
            });
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
