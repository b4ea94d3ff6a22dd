package dev.kiln.model.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeJsonTest {
  private final ObjectMapper json = Json.mapper();

  @Test
  void specRoundTripsInSnakeCase() throws Exception {
    NodeSpec spec =
        new NodeSpec(
            "0101-abc",
            "etl",
            "i-1",
            NodeRole.WORKER,
            "node-secret",
            "spark-secret",
            2,
            4096,
            "spark://127.0.0.1:7077",
            Map.of("spark.executor.memory", "1g"),
            List.of(new InitScriptSpec("setup.sh", "/tmp/setup.sh")),
            600,
            null,
            2048,
            "kiln.small",
            "http://127.0.0.1:8080");

    String text = json.writeValueAsString(spec);
    JsonNode tree = json.readTree(text);

    assertThat(tree.get("cluster_id").asText()).isEqualTo("0101-abc");
    assertThat(tree.get("role").asText()).isEqualTo("WORKER");
    assertThat(tree.get("worker_memory_mb").asInt()).isEqualTo(2048);
    assertThat(tree.get("orphan_timeout_seconds").asLong()).isEqualTo(600);
    assertThat(tree.get("spark_conf").get("spark.executor.memory").asText()).isEqualTo("1g");
    assertThat(tree.get("init_scripts").get(0).get("path").asText()).isEqualTo("/tmp/setup.sh");
    assertThat(tree.has("ui_proxy_base")).isFalse();
    assertThat(json.readValue(text, NodeSpec.class)).isEqualTo(spec);
  }

  @Test
  void specDefaultsMissingCollectionsAndName() throws Exception {
    NodeSpec spec =
        json.readValue(
            """
            {"cluster_id": "c", "instance_id": "i", "role": "DRIVER", "node_secret": "n",
             "spark_secret": "s", "cores": 1, "memory_mb": 1024, "orphan_timeout_seconds": 60,
             "worker_memory_mb": 0}
            """,
            NodeSpec.class);

    assertThat(spec.clusterName()).isEqualTo("c");
    assertThat(spec.sparkConf()).isEmpty();
    assertThat(spec.initScripts()).isEmpty();
  }

  @Test
  void workerSpecWithoutMasterUrlIsRefused() {
    assertThatThrownBy(
            () ->
                json.readValue(
                    """
                    {"cluster_id": "c", "instance_id": "i", "role": "WORKER", "node_secret": "n",
                     "spark_secret": "s", "cores": 1, "memory_mb": 1024,
                     "orphan_timeout_seconds": 60, "worker_memory_mb": 512}
                    """,
                    NodeSpec.class))
        .hasMessageContaining("master_url");
  }

  @Test
  void statusRoundTripsInSnakeCase() throws Exception {
    NodeStatus status =
        new NodeStatus(
            "i-1",
            NodeRole.DRIVER,
            NodePhase.READY,
            "Spark is up",
            null,
            4242,
            1_700_000_000_000L,
            7077,
            4040,
            8080,
            "spark://127.0.0.1:7077",
            "app-1",
            List.of(new SparkWorkerInfo("worker-1", "127.0.0.1", 40000, "ALIVE", 1, 1024, 1, 3)),
            1,
            0,
            6L,
            List.of(new InitScriptResult("setup.sh", 0, 120)),
            2,
            15002,
            7,
            3,
            4);

    String text = json.writeValueAsString(status);
    JsonNode tree = json.readTree(text);

    assertThat(tree.get("phase").asText()).isEqualTo("READY");
    assertThat(tree.get("spark_rpc_port").asInt()).isEqualTo(7077);
    assertThat(tree.get("master_ui_port").asInt()).isEqualTo(8080);
    assertThat(tree.get("activity_count").asLong()).isEqualTo(6);
    assertThat(tree.get("active_commands").asInt()).isEqualTo(2);
    assertThat(tree.get("spark_connect_port").asInt()).isEqualTo(15002);
    assertThat(tree.get("workers").get(0).get("memory_mb").asInt()).isEqualTo(1024);
    assertThat(tree.get("workers").get(0).get("running_tasks").asInt()).isEqualTo(3);
    assertThat(tree.get("pending_tasks").asInt()).isEqualTo(7);
    assertThat(tree.get("task_slots").asInt()).isEqualTo(4);
    assertThat(tree.get("init_scripts").get(0).get("duration_ms").asLong()).isEqualTo(120);
    assertThat(tree.has("failure_code")).isFalse();
    assertThat(json.readValue(text, NodeStatus.class)).isEqualTo(status);
  }

  @Test
  void failedStatusCarriesItsCode() throws Exception {
    NodeStatus status =
        new NodeStatus(
            "i-2",
            NodeRole.WORKER,
            NodePhase.FAILED,
            "init script 00_setup.sh exited with 3",
            NodeFailureCode.INIT_SCRIPT_FAILURE,
            1,
            2,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            List.of(new InitScriptResult("setup.sh", 3, 5)),
            null,
            null,
            null,
            null,
            null);

    String text = json.writeValueAsString(status);

    assertThat(json.readTree(text).get("failure_code").asText()).isEqualTo("INIT_SCRIPT_FAILURE");
    assertThat(json.readTree(text).has("workers")).isFalse();
    assertThat(json.readValue(text, NodeStatus.class)).isEqualTo(status);
  }
}
