package dev.kiln.model.clusters;

import static dev.kiln.model.clusters.ClusterState.ERROR;
import static dev.kiln.model.clusters.ClusterState.PENDING;
import static dev.kiln.model.clusters.ClusterState.RESIZING;
import static dev.kiln.model.clusters.ClusterState.RESTARTING;
import static dev.kiln.model.clusters.ClusterState.RUNNING;
import static dev.kiln.model.clusters.ClusterState.TERMINATED;
import static dev.kiln.model.clusters.ClusterState.TERMINATING;
import static dev.kiln.model.clusters.ClusterState.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The cluster state machine, transition by transition. */
class ClusterStateTest {
  private static final Set<List<ClusterState>> ALLOWED =
      Set.of(
          List.of(PENDING, RUNNING),
          List.of(PENDING, TERMINATING),
          List.of(RUNNING, RESIZING),
          List.of(RUNNING, RESTARTING),
          List.of(RUNNING, TERMINATING),
          List.of(RESTARTING, RUNNING),
          List.of(RESTARTING, TERMINATING),
          List.of(RESIZING, RUNNING),
          List.of(RESIZING, TERMINATING),
          List.of(TERMINATING, TERMINATED),
          List.of(TERMINATED, PENDING));

  @Test
  void exactlyTheReferenceTransitionsPlusStartAreAllowed() {
    Set<List<ClusterState>> allowed = new HashSet<>();
    for (ClusterState from : ClusterState.values()) {
      for (ClusterState to : ClusterState.values()) {
        if (from.canMoveTo(to)) {
          allowed.add(List.of(from, to));
        }
      }
    }
    assertThat(allowed).isEqualTo(ALLOWED);
  }

  @Test
  void terminatedMovesToPendingOnStart() {
    assertThat(TERMINATED.canMoveTo(PENDING)).isTrue();
    assertThat(TERMINATED.canMoveTo(RUNNING)).isFalse();
  }

  @Test
  void pendingCannotResizeOrRestart() {
    assertThat(PENDING.canMoveTo(RESIZING)).isFalse();
    assertThat(PENDING.canMoveTo(RESTARTING)).isFalse();
  }

  @Test
  void errorAndUnknownAreDeadEnds() {
    assertThat(ERROR.successors()).isEmpty();
    assertThat(UNKNOWN.successors()).isEmpty();
  }

  @Test
  void activeAndTransientStates() {
    EnumSet<ClusterState> active = EnumSet.noneOf(ClusterState.class);
    EnumSet<ClusterState> transients = EnumSet.noneOf(ClusterState.class);
    for (ClusterState s : ClusterState.values()) {
      if (s.isActive()) {
        active.add(s);
      }
      if (s.isTransient()) {
        transients.add(s);
      }
    }
    assertThat(active)
        .containsExactlyInAnyOrder(PENDING, RUNNING, RESTARTING, RESIZING, TERMINATING);
    assertThat(transients).containsExactlyInAnyOrder(PENDING, RESTARTING, RESIZING, TERMINATING);
  }
}
