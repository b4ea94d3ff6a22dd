package dev.kiln.server.pools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.node.NodeRole;
import dev.kiln.model.pools.InstancePoolStats;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A pool's stats from its instances' rows: used, idle, and both while pending. */
class PoolStatsTest {
  private static NodeRow instance(String clusterId, NodeState state, Long idleSince) {
    return new NodeRow(
        "i-" + clusterId + "-" + state + "-" + idleSince,
        clusterId,
        clusterId == null ? 0 : 1,
        clusterId == null ? null : NodeRole.WORKER,
        "kiln-1c-2g",
        1,
        2048,
        state,
        42L,
        state == NodeState.LAUNCHING ? null : 4000,
        "secret",
        "/tmp/i",
        null,
        null,
        0,
        null,
        null,
        null,
        null,
        "pool-1",
        idleSince,
        null);
  }

  @Test
  void warmUnassignedInstancesAreIdleAndWarmingOnesPendingIdle() {
    InstancePoolStats stats =
        PoolService.stats(
            List.of(
                instance(null, NodeState.UP, 100L),
                instance(null, NodeState.UP, null),
                instance(null, NodeState.LAUNCHING, null)));
    assertThat(stats).isEqualTo(new InstancePoolStats(0, 1, 0, 2));
  }

  @Test
  void instancesOfClustersAreUsedOrPendingUsedWhileLaunching() {
    InstancePoolStats stats =
        PoolService.stats(
            List.of(
                instance("c-1", NodeState.UP, 100L),
                instance("c-2", NodeState.UP, null),
                instance("c-2", NodeState.LAUNCHING, null)));
    assertThat(stats).isEqualTo(new InstancePoolStats(2, 0, 1, 0));
  }

  @Test
  void stoppingAndEndedInstancesCountNowhere() {
    InstancePoolStats stats =
        PoolService.stats(
            List.of(
                instance(null, NodeState.STOPPING, 100L),
                instance("c-1", NodeState.STOPPING, null),
                instance(null, NodeState.GONE, 100L)));
    assertThat(stats).isEqualTo(new InstancePoolStats(0, 0, 0, 0));
  }
}
