package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.server.compute.LocalCompute;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kill -9 of the control plane leaves a pool's idle instances running, and the next start adopts
 * them rather than leaking or relaunching them (the packaged server, as a child process).
 */
class PoolAdoptionIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A deadline, not a target: one instance's warm-up on a host another test class shares. */
  private static final Duration WARM = Duration.ofMinutes(8);

  private String pool;
  @TempDir Path home;

  @AfterEach
  void leaveNothingRunning() {
    if (pool != null) {
      LocalCompute.processesOfPool(pool).forEach(LocalCompute::kill);
    }
  }

  @Test
  void idleInstancesOutliveAKill9OfTheControlPlaneAndAreAdopted() throws Exception {
    try (ServerProcess process = ServerProcess.startForTests(home)) {
      String body =
          "{\"instance_pool_name\":\"adopted\",\"node_type_id\":\"kiln-1c-2g\","
              + "\"min_idle_instances\":1,\"idle_instance_autotermination_minutes\":30}";
      pool =
          JSON.readTree(process.call("POST", "/api/2.0/instance-pools/create", body).body())
              .path("instance_pool_id")
              .asText();
      awaitRaw(process, pool, p -> p.path("stats").path("idle_count").asInt() == 1);
      List<Long> before = LocalCompute.processesOfPool(pool);
      assertThat(before).hasSize(1);

      process.kill9();
      assertThat(LocalCompute.processesOfPool(pool)).containsExactlyElementsOf(before);
      process.restart();
      JsonNode adopted =
          awaitRaw(process, pool, p -> p.path("stats").path("idle_count").asInt() == 1);
      assertThat(adopted.path("stats").path("pending_idle_count").asInt()).isZero();
      Thread.sleep(3000); // a few passes: nothing relaunched, nothing stopped
      assertThat(LocalCompute.processesOfPool(pool)).containsExactlyElementsOf(before);

      ApiAssertions.assertOk(
          process.call(
              "POST", "/api/2.0/instance-pools/delete", "{\"instance_pool_id\":\"" + pool + "\"}"));
      Awaitility.await("the deleted pool's instance to stop")
          .atMost(Duration.ofSeconds(60))
          .until(() -> LocalCompute.processesOfPool(pool).isEmpty());
    }
  }

  private static JsonNode awaitRaw(ServerProcess process, String pool, Predicate<JsonNode> c) {
    return Awaitility.await("pool " + pool)
        .atMost(WARM)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                JSON.readTree(
                    process
                        .call("GET", "/api/2.0/instance-pools/get?instance_pool_id=" + pool, null)
                        .body()),
            c);
  }
}
