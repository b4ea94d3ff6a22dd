package dev.kiln.it;

import static dev.kiln.it.ClusterCalls.START;
import static dev.kiln.it.ClusterCalls.assertNoProcessesLeft;
import static dev.kiln.it.ClusterCalls.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.compute.TerminationReasonCode;
import dev.kiln.model.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Placement on a host of 8 vCPUs and 9000 MB: what can never fit is refused at once, what does not
 * fit now waits (saying for what) and starts when room frees, in the order it came, or fails after
 * the placement wait.
 */
class PlacementIT {
  static final TestClock clock = TestClock.system();
  static TestServer server;
  static WorkspaceClient admin;
  private final List<String> clusters = new ArrayList<>();

  @BeforeAll
  static void start() {
    server = TestServer.start(c -> c.withCompute(c.compute().withCapacity(8, 9000)), clock);
    admin = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void leaveNothingRunning() {
    clusters.forEach(ClusterCalls::killLeftovers);
  }

  @Test
  void aClusterLargerThanTheHostIsRefusedAtOnce() {
    assertThatThrownBy(() -> admin.clusters().create(small("huge", 4)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("10240 MB")
        .hasMessageContaining("this host can give at most 9000 MB");
  }

  @Test
  void aClusterThatDoesNotFitNowWaitsAndStartsWhenRoomFrees() throws Exception {
    ClusterDetails first = ClusterCalls.createRunning(admin, small("first", 0));
    clusters.add(first.getClusterId());

    // 8 GB beside the running 2 GB: waits, and fails once it waited longer than 10 minutes.
    String late = create(small("late", 0).setNodeTypeId("kiln-2c-8g"));
    ClusterDetails waiting = awaitMessage(late, "Waiting for resources");
    assertThat(waiting.getState()).isEqualTo(State.PENDING);
    assertThat(waiting.getStateMessage())
        .isEqualTo(
            "Waiting for resources: it needs 8192 MB and 2 cores and 6952 MB and 7 cores of this"
                + " host's 9000 MB and 8 cores are free");
    clock.advance(Duration.ofMinutes(11));
    ClusterDetails timedOut = admin.clusters().waitGetClusterTerminated(late, START, null);
    assertThat(timedOut.getTerminationReason().getCode())
        .isEqualTo(TerminationReasonCode.CLOUD_PROVIDER_RESOURCE_STOCKOUT);
    assertThat(timedOut.getStateMessage()).contains("after waiting 10 minutes");

    // The same again, but now the first cluster ends while it waits: it starts.
    String next = create(small("next", 0).setNodeTypeId("kiln-2c-8g"));
    awaitMessage(next, "Waiting for resources");
    admin.clusters().delete(first.getClusterId()).get(START);
    ClusterDetails started = admin.clusters().waitGetClusterRunning(next, START, null);
    assertThat(started.getStateMessage()).isEmpty();
    admin.clusters().delete(next).get(START);
    assertNoProcessesLeft(first.getClusterId());
    assertNoProcessesLeft(next);
  }

  private String create(com.databricks.sdk.service.compute.CreateCluster spec) {
    String id = admin.clusters().create(spec).getResponse().getClusterId();
    clusters.add(id);
    return id;
  }

  private static ClusterDetails awaitMessage(String id, String prefix) {
    return Awaitility.await("cluster " + id + " to say " + prefix)
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> admin.clusters().get(id),
            c -> c.getStateMessage() != null && c.getStateMessage().startsWith(prefix));
  }
}
