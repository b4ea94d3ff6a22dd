package dev.kiln.it;

import static dev.kiln.it.ClusterCalls.assertNoProcessesLeft;
import static dev.kiln.it.ClusterCalls.nodeProcesses;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the packaged control plane while clusters start, run and terminate: nodes outlive it,
 * the restarted control plane adopts them and finishes every transition, and nothing leaks. Nodes
 * that lose their control plane for good stop themselves.
 */
class ClusterCrashIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  // Longer than a restart of the packaged server takes on a busy machine: a driver that waits out
  // a slow restart must not take itself for an orphan (it did at 15 s, under load 27).
  private static final long ORPHAN_TIMEOUT_SECONDS = 30;
  private static final Duration START = Duration.ofMinutes(3);

  @TempDir Path home;
  private final List<String> clusters = new ArrayList<>();

  @AfterEach
  void leaveNothingRunning() {
    clusters.forEach(ClusterCalls::killLeftovers);
  }

  @Test
  void theControlPlaneAdoptsItsClustersAfterKill9AtEveryStage() throws Exception {
    configure();
    try (ServerProcess server = ServerProcess.startForTests(home)) {
      String id = create(server, 1);

      // Starting: kill as soon as the driver process exists, before the cluster is RUNNING.
      Awaitility.await().atMost(START).until(() -> !nodeProcesses(id).isEmpty());
      assertThat(state(server, id)).isEqualTo("PENDING");
      server.kill9();
      server.restart();
      JsonNode running = await(server, id, c -> "RUNNING".equals(c.path("state").asText()));
      assertThat(running.path("executors")).hasSize(1);
      assertThat(nodeProcesses(id)).as("one driver and one worker, none launched twice").hasSize(2);

      // Running: the same driver keeps running, with the same Spark context.
      List<Long> nodesBefore = nodeProcesses(id);
      server.kill9();
      server.restart();
      JsonNode adopted = get(server, id);
      assertThat(adopted.path("state").asText()).isEqualTo("RUNNING");
      assertThat(adopted.path("spark_context_id").asLong())
          .isEqualTo(running.path("spark_context_id").asLong());
      Thread.sleep(3000); // a few reconciler passes: nothing is relaunched or stopped
      assertThat(nodeProcesses(id)).containsExactlyInAnyOrderElementsOf(nodesBefore);
      assertThat(get(server, id).path("state").asText()).isEqualTo("RUNNING");

      // Terminating: the restarted control plane finishes the job.
      ApiAssertions.assertOk(
          server.call("POST", "/api/2.1/clusters/delete", "{\"cluster_id\":\"" + id + "\"}"));
      server.kill9();
      server.restart();
      JsonNode terminated = await(server, id, c -> "TERMINATED".equals(c.path("state").asText()));
      assertThat(terminated.path("termination_reason").path("code").asText())
          .isEqualTo("USER_REQUEST");
      assertNoProcessesLeft(id);
    }
  }

  @Test
  void nodesStopThemselvesWithoutTheirControlPlaneAndTheClusterEndsOnRestart() throws Exception {
    configure();
    try (ServerProcess server = ServerProcess.startForTests(home)) {
      String id = create(server, 0);
      await(server, id, c -> "RUNNING".equals(c.path("state").asText()));
      server.kill9();
      Awaitility.await("nodes to stop on their own")
          .atMost(Duration.ofSeconds(ORPHAN_TIMEOUT_SECONDS * 4))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> nodeProcesses(id).isEmpty());
      server.restart();
      JsonNode ended = await(server, id, c -> "TERMINATED".equals(c.path("state").asText()));
      assertThat(ended.path("termination_reason").path("code").asText())
          .isEqualTo("DRIVER_UNREACHABLE");
      assertNoProcessesLeft(id);
    }
  }

  private void configure() throws Exception {
    Files.writeString(
        home.resolve("kiln.conf"),
        "compute.node_orphan_timeout_seconds=" + ORPHAN_TIMEOUT_SECONDS + "\n");
  }

  private String create(ServerProcess server, int workers) throws Exception {
    String body =
        "{\"cluster_name\":\"crash\",\"spark_version\":\"1.0.x-scala2.13\","
            + "\"node_type_id\":\"kiln-1c-2g\",\"num_workers\":"
            + workers
            + ",\"autotermination_minutes\":0}";
    String id =
        JSON.readTree(server.call("POST", "/api/2.1/clusters/create", body).body())
            .path("cluster_id")
            .asText();
    clusters.add(id);
    return id;
  }

  private static JsonNode get(ServerProcess server, String id) throws Exception {
    return JSON.readTree(server.call("GET", "/api/2.1/clusters/get?cluster_id=" + id, null).body());
  }

  private static String state(ServerProcess server, String id) throws Exception {
    return get(server, id).path("state").asText();
  }

  private static JsonNode await(ServerProcess server, String id, Predicate<JsonNode> condition) {
    return Awaitility.await("cluster " + id)
        .atMost(START)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> get(server, id), condition);
  }
}
