package dev.kiln.it;

import static dev.kiln.it.ClusterCalls.START;
import static dev.kiln.it.ClusterCalls.assertNoProcessesLeft;
import static dev.kiln.it.ClusterCalls.eventTypes;
import static dev.kiln.it.ClusterCalls.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.error.platform.InvalidState;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.EventType;
import com.databricks.sdk.service.compute.ResizeCluster;
import com.databricks.sdk.service.compute.RestartCluster;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.compute.TerminationReasonCode;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A real Spark cluster through its whole life, driven by the official Java SDK and its waiters:
 * create, resize, restart, terminate, start, permanent delete. Nothing may be left running.
 */
class ClusterLifecycleIT extends ServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private String clusterId;

  @AfterEach
  void leaveNothingRunning() {
    if (clusterId != null) {
      ClusterCalls.killLeftovers(clusterId);
    }
  }

  @Test
  void aClusterLivesItsWholeLife() throws Exception {
    ClusterDetails running = ClusterCalls.createRunning(admin, small("life", 1));
    clusterId = running.getClusterId();
    assertThat(running.getState()).isEqualTo(State.RUNNING);
    assertThat(running.getDriver().getPrivateIp()).isEqualTo("127.0.0.1");
    assertThat(running.getExecutors()).hasSize(1);
    assertThat(running.getSparkContextId()).isNotNull();
    assertThat(running.getStartTime()).isPositive();

    checkLogsAndSparkUi();

    ClusterDetails resized =
        admin
            .clusters()
            .resize(new ResizeCluster().setClusterId(clusterId).setNumWorkers(2L))
            .get(START);
    assertThat(resized.getState()).isEqualTo(State.RUNNING);
    assertThat(resized.getNumWorkers()).isEqualTo(2L);
    assertThat(resized.getExecutors()).hasSize(2);

    ClusterDetails restarted =
        admin.clusters().restart(new RestartCluster().setClusterId(clusterId)).get(START);
    assertThat(restarted.getSparkContextId()).isNotEqualTo(running.getSparkContextId());
    assertThat(restarted.getLastRestartedTime()).isNotNull();
    assertThat(restarted.getExecutors()).hasSize(2);

    assertThatThrownBy(() -> admin.clusters().start(clusterId)).isInstanceOf(InvalidState.class);

    ClusterDetails terminated = admin.clusters().delete(clusterId).get(Duration.ofMinutes(2));
    assertThat(terminated.getState()).isEqualTo(State.TERMINATED);
    assertThat(terminated.getTerminationReason().getCode())
        .isEqualTo(TerminationReasonCode.USER_REQUEST);
    assertNoProcessesLeft(clusterId);

    ClusterDetails started = admin.clusters().start(clusterId).get(START);
    assertThat(started.getExecutors()).hasSize(2);
    assertThat(started.getTerminationReason()).isNull();

    assertThat(eventTypes(admin, clusterId))
        .containsSubsequence(
            EventType.CREATING,
            EventType.RUNNING,
            EventType.RESIZING,
            EventType.UPSIZE_COMPLETED,
            EventType.RESTARTING,
            EventType.RUNNING,
            EventType.TERMINATING,
            EventType.STARTING,
            EventType.RUNNING);

    admin.clusters().permanentDelete(clusterId);
    assertThatThrownBy(() -> admin.clusters().get(clusterId))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertNoProcessesLeft(clusterId);
  }

  private void checkLogsAndSparkUi() throws Exception {
    JsonNode logs =
        JSON.readTree(
            server.call("GET", "/api/2.1/clusters/logs/list?cluster_id=" + clusterId, null).body());
    assertThat(logs.path("nodes")).hasSize(2);
    assertThat(logs.path("nodes").findValuesAsText("role")).contains("DRIVER", "WORKER");
    JsonNode driverLog =
        JSON.readTree(
            server
                .call(
                    "GET", "/api/2.1/clusters/logs?cluster_id=" + clusterId + "&path=stderr", null)
                .body());
    assertThat(driverLog.path("content").asText()).isNotEmpty();

    JsonNode details =
        JSON.readTree(
            server.call("GET", "/api/2.1/clusters/get?cluster_id=" + clusterId, null).body());
    assertThat(details.path("spark_ui_url").asText())
        .isEqualTo(server.url() + "/driver-proxy/" + clusterId + "/");
    HttpResponse<String> ui = server.call("GET", "/driver-proxy/" + clusterId + "/jobs/", null);
    assertThat(ui.statusCode()).isEqualTo(200);
    assertThat(ui.body()).contains("Spark Jobs");
    assertThat(
            server
                .call("GET", "/driver-proxy/" + clusterId + "/jobs/", null, "dapi-wrong")
                .statusCode())
        .isEqualTo(401);
  }
}
