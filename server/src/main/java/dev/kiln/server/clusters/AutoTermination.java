package dev.kiln.server.clusters;

import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.EventType;
import dev.kiln.model.clusters.TerminationCode;
import dev.kiln.model.clusters.TerminationReason;
import dev.kiln.model.node.NodeStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reconciler's step for idle clusters: records the activity a running cluster's driver reports
 * (Spark jobs, commands) and ends a cluster idle for longer than its {@code
 * autotermination_minutes}, with reason INACTIVITY.
 */
final class AutoTermination {
  /** Activity a busy driver keeps reporting is written at most this often. */
  private static final long BUSY_WRITE_MILLIS = 10_000;

  private final ClusterDao clusters;
  private final ClusterEvents events;
  private final Clock clock;

  /** The driver's activity counter as last seen, to notice when it moves. */
  private final Map<String, Long> lastActivityCount = new ConcurrentHashMap<>();

  AutoTermination(ClusterDao clusters, ClusterEvents events, Clock clock) {
    this.clusters = clusters;
    this.events = events;
    this.clock = clock;
  }

  /**
   * Records the driver's activity and terminates the cluster when it has been idle too long.
   * Returns whether this pass is over for the cluster (it is terminating, or changed meanwhile).
   */
  boolean step(ClusterRow row, ClusterSpec spec, NodeStatus driver) {
    long now = clock.millis();
    Long count = driver.activityCount();
    Long previous = count == null ? null : lastActivityCount.put(row.clusterId(), count);
    // A running command is activity even when it starts no Spark job (a long Python loop).
    boolean busy =
        (driver.activeJobs() != null && driver.activeJobs() > 0)
            || (driver.activeCommands() != null && driver.activeCommands() > 0);
    boolean moved = previous != null && !previous.equals(count);
    ClusterRow current = row;
    if (busy || moved) {
      long last = row.lastActivityTime() == null ? 0 : row.lastActivityTime();
      if (moved || now - last > BUSY_WRITE_MILLIS) {
        current = row.withActivity(now);
        if (!clusters.update(current)) {
          return true; // changed meanwhile; next pass
        }
        current = clusters.byId(row.clusterId()).orElse(current);
      }
    }
    Integer minutes = spec.autoterminationMinutes();
    if (minutes == null || minutes <= 0 || busy) {
      return false;
    }
    long idleSince =
        current.lastActivityTime() == null ? current.stateSince() : current.lastActivityTime();
    if (now - idleSince < Duration.ofMinutes(minutes).toMillis()) {
      return false;
    }
    TerminationReason reason =
        TerminationReason.of(
            TerminationCode.INACTIVITY, Map.of("inactivity_duration_min", String.valueOf(minutes)));
    ClusterRow next =
        current.terminating(
            reason,
            "Inactive cluster terminated (inactive for " + minutes + " minutes).",
            clock.millis());
    if (clusters.update(next)) {
      events.record(row.clusterId(), EventType.TERMINATING, Details.reason(reason));
    }
    return true;
  }

  /** Forgets a cluster whose nodes are all gone. */
  void forget(String clusterId) {
    lastActivityCount.remove(clusterId);
  }
}
