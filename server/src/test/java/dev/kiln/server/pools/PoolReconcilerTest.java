package dev.kiln.server.pools;

import static dev.kiln.server.testing.ComputeBed.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.Json;
import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.pools.InstancePoolSpec;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeState;
import dev.kiln.server.testing.ComputeBed;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pool reconciler, stepped by hand against a fake compute backend: it keeps a pool's idle
 * instances at its minimum, and clusters take them.
 */
class PoolReconcilerTest {
  private final ComputeBed bed;

  PoolReconcilerTest(@TempDir Path home) throws IOException {
    bed = new ComputeBed(home);
  }

  @AfterEach
  void tearDown() {
    bed.close();
  }

  @Test
  void aPoolKeepsItsMinimumOfIdleInstances() {
    String pool = pool(2, 10);

    bed.stepPool(pool, 3);

    assertThat(bed.compute.launched).hasSize(2);
    assertThat(bed.liveInstances(pool))
        .hasSize(2)
        .allMatch(n -> n.state() == NodeState.UP && n.idleSince() != null && n.isUnassigned());
  }

  @Test
  void anInstanceThatDiesIsReplaced() {
    String pool = pool(2, 10);
    bed.stepPool(pool, 3);
    NodeRow lost = bed.liveInstances(pool).get(0);

    bed.compute.node(lost.instanceId()).exit();
    bed.stepPool(pool, 3);

    assertThat(bed.compute.launched).hasSize(3);
    assertThat(bed.liveInstances(pool))
        .hasSize(2)
        .noneMatch(n -> n.instanceId().equals(lost.instanceId()));
  }

  @Test
  void aClusterTakesIdleInstancesAndThePoolRefills() {
    String pool = pool(3, 10);
    bed.stepPool(pool, 3);
    List<String> warm = List.copyOf(bed.compute.launched);

    String cluster =
        bed.createCluster(
            """
            {"cluster_name": "c", "spark_version": "1.0.x-scala2.13", "num_workers": 2,
             "instance_pool_id": "%s"}"""
                .formatted(pool));
    bed.stepUntil(cluster, ClusterState.RUNNING);

    assertThat(bed.liveNodes(cluster))
        .extracting(NodeRow::instanceId)
        .containsExactlyInAnyOrderElementsOf(warm);
    assertThat(bed.compute.launched).hasSize(3); // the cluster started no node of its own

    bed.stepPool(pool, 3);
    assertThat(bed.compute.launched).hasSize(6);
    assertThat(bed.liveInstances(pool).stream().filter(NodeRow::isUnassigned)).hasSize(3);
  }

  @Test
  void idleInstancesAboveTheMinimumStopOnceIdleTooLong() {
    String pool = pool(2, 10);
    bed.stepPool(pool, 3);

    bed.pools.edit(spec(pool, 0, 10), ADMIN);
    bed.stepPool(pool, 2);
    assertThat(bed.liveInstances(pool)).hasSize(2);

    bed.clock.advance(Duration.ofMinutes(11));
    bed.stepPool(pool, 2);
    assertThat(bed.liveInstances(pool)).isEmpty();
    assertThat(bed.compute.running()).isEmpty();
  }

  @Test
  void aDeletedPoolStopsItsInstances() {
    String pool = pool(2, 10);
    bed.stepPool(pool, 3);

    bed.pools.delete(pool, ADMIN);
    bed.stepPool(pool, 2);

    assertThat(bed.liveInstances(pool)).isEmpty();
    assertThat(bed.compute.running()).isEmpty();
  }

  private String pool(int minIdle, int idleMinutes) {
    return bed.pools.create(spec(null, minIdle, idleMinutes), ADMIN);
  }

  private static InstancePoolSpec spec(String id, int minIdle, int idleMinutes) {
    ObjectNode json =
        Json.mapper()
            .createObjectNode()
            .put("instance_pool_id", id)
            .put("instance_pool_name", "p")
            .put("node_type_id", "kiln-1c-2g")
            .put("min_idle_instances", minIdle)
            .put("idle_instance_autotermination_minutes", idleMinutes);
    return Json.mapper().convertValue(json, InstancePoolSpec.class);
  }
}
