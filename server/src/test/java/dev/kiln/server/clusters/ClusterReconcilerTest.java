package dev.kiln.server.clusters;

import static dev.kiln.server.testing.ApiErrors.assertFailsWith;
import static dev.kiln.server.testing.ComputeBed.ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.clusters.EventType;
import dev.kiln.model.node.NodePhase;
import dev.kiln.model.node.NodeRole;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.compute.ComputeBackend.Signal;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeState;
import dev.kiln.server.testing.ComputeBed;
import dev.kiln.server.testing.FakeCompute.FakeNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster reconciler, stepped by hand against a fake compute backend: how it brings a cluster
 * up, keeps it whole, and takes it down.
 */
class ClusterReconcilerTest {
  private static final String TWO_WORKERS =
      """
      {"cluster_name": "c", "spark_version": "1.0.x-scala2.13", "node_type_id": "kiln-1c-2g",
       "num_workers": 2}""";

  private final ComputeBed bed;

  ClusterReconcilerTest(@TempDir Path home) throws IOException {
    bed = new ComputeBed(home);
  }

  @AfterEach
  void tearDown() {
    bed.close();
  }

  @Test
  void aPendingClusterGetsItsDriverThenItsWorkersAndRunsOnceAllAreReady() {
    bed.compute.startPhase = NodePhase.STARTING;
    String id = bed.createCluster(TWO_WORKERS);

    bed.step(id, 3);
    assertThat(roles(id)).containsExactly(NodeRole.DRIVER); // no Master yet: no workers

    bed.compute.readyAll();
    bed.step(id, 2);
    assertThat(roles(id))
        .containsExactlyInAnyOrder(NodeRole.DRIVER, NodeRole.WORKER, NodeRole.WORKER);
    assertThat(bed.state(id)).isEqualTo(ClusterState.PENDING); // the workers are starting

    bed.compute.readyAll();
    bed.stepUntil(id, ClusterState.RUNNING);
    assertThat(bed.compute.launched).hasSize(3);
    assertThat(bed.liveNodes(id)).allMatch(n -> n.state() == NodeState.UP);
    assertThat(bed.events(id))
        .containsSubsequence(EventType.CREATING, EventType.RUNNING, EventType.DRIVER_HEALTHY);
  }

  @Test
  void aWorkerThatDiesIsReplacedAndTheClusterKeepsRunning() {
    String id = running(TWO_WORKERS);
    NodeRow lost = workers(id).get(0);

    bed.compute.node(lost.instanceId()).exit();
    bed.stepUntil(id, c -> workers(id).size() == 2 && !ids(id).contains(lost.instanceId()), 5);

    assertThat(bed.state(id)).isEqualTo(ClusterState.RUNNING);
    assertThat(bed.compute.launched).hasSize(4);
    assertThat(bed.events(id)).contains(EventType.NODES_LOST);
  }

  @Test
  void aDriverThatDiesEndsTheClusterAndItsWorkers() {
    String id = running(TWO_WORKERS);

    bed.compute.node(driver(id).instanceId()).exit();
    bed.stepUntil(id, ClusterState.TERMINATED);

    assertThat(bed.cluster(id).terminationReason()).contains("DRIVER_UNREACHABLE");
    assertThat(bed.compute.running()).isEmpty();
    assertThat(bed.events(id))
        .containsSubsequence(EventType.DRIVER_NOT_RESPONDING, EventType.TERMINATING);
  }

  @Test
  void aDriverWhoseSparkFailsEndsTheCluster() {
    String id = running(TWO_WORKERS);

    bed.compute.node(driver(id).instanceId()).phase = NodePhase.FAILED;
    bed.step(id, 1);

    assertThat(bed.state(id)).isEqualTo(ClusterState.TERMINATING);
    assertThat(bed.cluster(id).terminationReason()).contains("SPARK_ERROR");
  }

  @Test
  void aClusterWhoseNodesCannotStartFails() {
    bed.compute.refuseLaunches = true;
    String id = bed.createCluster(TWO_WORKERS);

    bed.stepUntil(id, ClusterState.TERMINATED);

    assertThat(bed.cluster(id).terminationReason()).contains("CLOUD_PROVIDER_LAUNCH_FAILURE");
    assertThat(bed.liveNodes(id)).isEmpty();
  }

  @Test
  void aClusterWhoseDriverNeverGetsReadyTimesOut() {
    bed.compute.startPhase = NodePhase.STARTING;
    String id = bed.createCluster(TWO_WORKERS);
    bed.step(id, 3);

    bed.clock.advance(Duration.ofMinutes(11));
    bed.step(id, 1);

    assertThat(bed.state(id)).isEqualTo(ClusterState.TERMINATING);
    assertThat(bed.cluster(id).terminationReason()).contains("BOOTSTRAP_TIMEOUT");
  }

  @Test
  void terminateAsksEveryNodeToStop() {
    String id = running(TWO_WORKERS);
    List<FakeNode> nodes = bed.compute.running();

    bed.clusters.terminate(id, ADMIN);
    bed.stepUntil(id, ClusterState.TERMINATED);

    assertThat(nodes).hasSize(3).allMatch(n -> n.stopAsked && !n.alive && n.signals.isEmpty());
    assertThat(bed.liveNodes(id)).isEmpty();
    assertThat(bed.cluster(id).terminatedTime()).isNotNull();
  }

  @Test
  void aNodeThatDoesNotStopGetsSigtermThenSigkill() {
    String id = running(TWO_WORKERS);
    FakeNode hung = bed.compute.node(workers(id).get(0).instanceId());
    hung.stubborn = true;

    bed.clusters.terminate(id, ADMIN);
    bed.step(id, 3);
    assertThat(bed.state(id)).isEqualTo(ClusterState.TERMINATING);
    assertThat(hung.alive).isTrue();

    bed.clock.advance(Duration.ofSeconds(16));
    bed.step(id, 1);
    assertThat(hung.signals).containsExactly(Signal.TERM);
    assertThat(hung.alive).isTrue();

    bed.clock.advance(Duration.ofSeconds(16));
    bed.stepUntil(id, ClusterState.TERMINATED);
    assertThat(hung.signals).containsExactly(Signal.TERM, Signal.KILL);
  }

  @Test
  void aRestartReplacesEveryNodeWithANewGeneration() {
    String id = running(TWO_WORKERS);
    List<String> before = ids(id);

    bed.clusters.restart(id, ADMIN);
    assertThat(bed.state(id)).isEqualTo(ClusterState.RESTARTING);
    bed.stepUntil(id, ClusterState.RUNNING);

    assertThat(bed.cluster(id).generation()).isEqualTo(2);
    assertThat(ids(id)).hasSize(3).doesNotContainAnyElementsOf(before);
    assertThat(bed.liveNodes(id)).allMatch(n -> n.generation() == 2);
  }

  @Test
  void requestsThatTheStateDoesNotAllowAreRefused() {
    String id = running(TWO_WORKERS);

    assertFailsWith(() -> bed.clusters.start(id, ADMIN), ErrorCode.INVALID_STATE);
    assertThat(bed.state(id)).isEqualTo(ClusterState.RUNNING);

    bed.clusters.terminate(id, ADMIN);
    assertFailsWith(() -> bed.clusters.resize(id, 3, null, ADMIN), ErrorCode.INVALID_STATE);
    bed.stepUntil(id, ClusterState.TERMINATED);
    assertThat(bed.compute.launched).hasSize(3);

    // Reconcilers change states the same one way: a TERMINATED cluster does not just run again.
    ClusterTransitions transitions = new ClusterTransitions(bed.jdbi, bed.events, bed.clock);
    ClusterRow ended = bed.cluster(id);
    assertFailsWith(
        () -> transitions.write(ended, ended.withState(ClusterState.RUNNING, "", 0)),
        ErrorCode.INVALID_STATE);
    assertThat(bed.state(id)).isEqualTo(ClusterState.TERMINATED);
  }

  /** A cluster created from {@code json} and stepped until it runs. */
  private String running(String json) {
    String id = bed.createCluster(json);
    bed.stepUntil(id, ClusterState.RUNNING);
    return id;
  }

  private List<NodeRole> roles(String id) {
    return bed.liveNodes(id).stream().map(NodeRow::role).toList();
  }

  private List<String> ids(String id) {
    return bed.liveNodes(id).stream().map(NodeRow::instanceId).toList();
  }

  private NodeRow driver(String id) {
    return bed.liveNodes(id).stream().filter(NodeRow::isDriver).findFirst().orElseThrow();
  }

  private List<NodeRow> workers(String id) {
    return bed.liveNodes(id).stream()
        .filter(n -> n.role() == NodeRole.WORKER && n.state() != NodeState.STOPPING)
        .toList();
  }
}
