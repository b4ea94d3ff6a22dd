package dev.kiln.server.clusters;

import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.clusters.EventDetails;
import dev.kiln.model.clusters.EventType;
import dev.kiln.model.clusters.TerminationReason;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The one way a cluster's row is changed, by requests and reconcilers alike: a new state must be
 * one {@link ClusterState#canMoveTo} allows, and the row and the events that report the change are
 * written in one transaction, only over the version that was read.
 */
public final class ClusterTransitions {
  /** An event that reports a change. */
  public record Event(EventType type, EventDetails details) {}

  private final Jdbi jdbi;
  private final ClusterEvents events;
  private final Clock clock;

  public ClusterTransitions(Jdbi jdbi, ClusterEvents events, Clock clock) {
    this.jdbi = jdbi;
    this.events = events;
    this.clock = clock;
  }

  /** {@link #write(ClusterRow, ClusterRow, Consumer, List)} with nothing else to write. */
  public boolean write(ClusterRow read, ClusterRow next, Event... recorded) {
    return write(read, next, h -> {}, List.of(recorded));
  }

  /** {@link #write(ClusterRow, ClusterRow, Consumer, List)} with nothing else to write. */
  public boolean write(ClusterRow read, ClusterRow next, List<Event> recorded) {
    return write(read, next, h -> {}, recorded);
  }

  /**
   * Writes {@code next} over the cluster as it was {@code read}, with the events that report it,
   * and what {@code also} writes, in one transaction.
   *
   * @return false when the cluster changed since it was read: then nothing is written
   * @throws ApiException INVALID_STATE when the cluster may not move to {@code next}'s state
   */
  public boolean write(
      ClusterRow read, ClusterRow next, Consumer<Handle> also, List<Event> recorded) {
    if (next.state() != read.state() && !read.state().canMoveTo(next.state())) {
      throw unexpectedState(read);
    }
    return jdbi.inTransaction(
        h -> {
          if (!h.attach(ClusterDao.class).update(next)) {
            return false;
          }
          also.accept(h);
          recorded.forEach(e -> events.record(h, read.clusterId(), e.type(), e.details()));
          return true;
        });
  }

  /** The cluster on its way to TERMINATED for {@code reason}. */
  public ClusterRow terminating(ClusterRow row, TerminationReason reason, String message) {
    return row.terminating(reason, message, clock.millis());
  }

  /** Moves the cluster to TERMINATING for {@code reason}; false when it changed meanwhile. */
  public boolean terminate(ClusterRow row, TerminationReason reason, String message) {
    return write(
        row,
        terminating(row, reason, message),
        new Event(EventType.TERMINATING, Details.reason(reason)));
  }

  /** The error of a request the cluster's state does not allow. */
  static ApiException unexpectedState(ClusterRow row) {
    String state = row.state().name();
    return new ApiException(
        ErrorCode.INVALID_STATE,
        "Cluster "
            + row.clusterId()
            + " is in unexpected state "
            + state.charAt(0)
            + state.substring(1).toLowerCase(Locale.ROOT)
            + ".");
  }
}
