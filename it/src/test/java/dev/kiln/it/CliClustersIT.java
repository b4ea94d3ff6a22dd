package dev.kiln.it;

import static dev.kiln.it.CliRun.fails;
import static dev.kiln.it.CliRun.ok;
import static dev.kiln.it.ClusterCalls.assertNoProcessesLeft;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.compute.State;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln clusters}, in-process, against a real server and one real Spark cluster for the whole
 * class: create --wait, get, list, events, logs, resize and restart --wait, delete --wait, a --wait
 * timeout (exit 3), permanent-delete; then no process of the cluster may be left.
 */
class CliClustersIT extends ServerIT {
  private static final String SPEC =
      "{\"cluster_name\":\"cli\",\"spark_version\":\"1.0.x-scala2.13\","
          + "\"node_type_id\":\"kiln-1c-2g\",\"num_workers\":0,\"autotermination_minutes\":0}";

  private static String clusterId;

  @TempDir Path temp;

  private CliRun kiln(String... args) {
    return CliRun.run(CliRun.adminEnv(server, temp), "", args);
  }

  @AfterAll
  static void leaveNothingRunning() {
    if (clusterId != null) {
      try {
        assertNoProcessesLeft(clusterId);
      } finally {
        ClusterCalls.killLeftovers(clusterId);
      }
    }
  }

  @Test
  void aClusterThroughItsLifeFromTheCommandLine() throws IOException {
    CliRun created = ok(kiln("clusters", "create", "--json", SPEC, "--wait"));
    clusterId = created.out().strip();
    assertThat(clusterId).isNotEmpty().doesNotContain("\n");
    // Not a terminal: plain progress lines, the last one RUNNING.
    assertThat(created.err()).contains(clusterId + ": PENDING").contains(clusterId + ": RUNNING");

    assertThat(ok(kiln("clusters", "get", clusterId)).out())
        .contains("Cluster ID", clusterId, "RUNNING", "1.0.x-scala2.13", "kiln-1c-2g");
    JsonNode got = ok(kiln("clusters", "get", clusterId, "-o", "json")).json();
    assertThat(got.get("cluster_id").asText()).isEqualTo(clusterId);
    assertThat(got.get("state").asText()).isEqualTo("RUNNING");
    assertThat(got.get("num_workers").asInt()).isZero();

    String listed = ok(kiln("clusters", "list")).out();
    assertThat(listed.lines().findFirst().orElseThrow())
        .contains("Cluster ID", "Name", "State", "Workers", "Runtime");
    assertThat(listed).containsPattern(clusterId + " +cli +RUNNING +0 +1\\.0\\.x-scala2\\.13");
    assertThat(ok(kiln("clusters", "list", "-o", "json")).json().findValuesAsText("cluster_id"))
        .contains(clusterId);

    checkEvents();
    checkLogs();

    CliRun resized = ok(kiln("clusters", "resize", clusterId, "--num-workers", "1", "--wait"));
    assertThat(resized.err()).contains("RUNNING");
    JsonNode big = ok(kiln("clusters", "get", "-o", "json", clusterId)).json();
    assertThat(big.get("num_workers").asInt()).isEqualTo(1);
    assertThat(big.get("executors")).hasSize(1);

    JsonNode restarted = ok(kiln("clusters", "restart", clusterId, "--wait", "-o", "json")).json();
    assertThat(restarted.get("state").asText()).isEqualTo("RUNNING");
    assertThat(restarted.get("spark_context_id").asLong())
        .isNotEqualTo(big.get("spark_context_id").asLong());

    ok(kiln("clusters", "pin", clusterId));
    ok(kiln("clusters", "unpin", clusterId));

    CliRun deleted = ok(kiln("clusters", "delete", clusterId, "--wait"));
    assertThat(deleted.err()).contains(clusterId + ": TERMINATED");
    assertThat(ok(kiln("clusters", "get", clusterId)).out()).contains("TERMINATED", "USER_REQUEST");
    assertNoProcessesLeft(clusterId);

    // Edit a terminated cluster from a file (the legacy CLI's shape): it stays terminated.
    Path edit = temp.resolve("edit.json");
    Files.writeString(
        edit,
        SPEC.replace("\"cli\"", "\"cli-edited\"")
            .replace("{", "{\"cluster_id\":\"" + clusterId + "\","));
    CliRun edited = ok(kiln("clusters", "edit", "--json-file", edit.toString(), "--wait"));
    assertThat(edited.err()).contains("TERMINATED");
    assertThat(
            ok(kiln("clusters", "get", "-o", "json", clusterId))
                .json()
                .get("cluster_name")
                .asText())
        .isEqualTo("cli-edited");

    // Terminated while a start waits for RUNNING: exit 1 with the termination reason.
    CompletableFuture<CliRun> starting =
        CompletableFuture.supplyAsync(() -> kiln("clusters", "start", clusterId, "--wait"));
    Awaitility.await("the start")
        .atMost(Duration.ofSeconds(30))
        .until(() -> admin.clusters().get(clusterId).getState() != State.TERMINATED);
    admin.clusters().delete(clusterId);
    CliRun stopped = fails(starting.join(), 1);
    assertThat(stopped.err())
        .contains("Error: cluster " + clusterId + " is TERMINATED: USER_REQUEST");
    assertNoProcessesLeft(clusterId);

    // The cluster cannot be RUNNING within a second: exit 3, and the start goes on.
    CliRun timedOut = fails(kiln("clusters", "start", clusterId, "--wait", "--timeout", "1s"), 3);
    assertThat(timedOut.err())
        .contains("Error: timed out after 1s waiting for cluster " + clusterId + " to be RUNNING");

    ok(kiln("clusters", "permanent-delete", clusterId));
    CliRun gone = fails(kiln("clusters", "get", clusterId), 1);
    assertThat(gone.err()).startsWith("Error: RESOURCE_DOES_NOT_EXIST: ");
    assertNoProcessesLeft(clusterId);
  }

  private void checkEvents() throws IOException {
    String events = ok(kiln("clusters", "events", clusterId, "--order", "ASC")).out();
    assertThat(events.lines().findFirst().orElseThrow()).contains("Timestamp", "Type", "Details");
    assertThat(events).containsSubsequence("CREATING", "RUNNING");
    JsonNode one = ok(kiln("clusters", "events", clusterId, "--limit", "1", "-o", "json")).json();
    assertThat(one).hasSize(1);
    JsonNode running =
        ok(kiln("clusters", "events", clusterId, "--type", "RUNNING", "-o", "json")).json();
    assertThat(running.findValuesAsText("type")).isNotEmpty().containsOnly("RUNNING");
    fails(kiln("clusters", "events", clusterId, "--order", "SIDEWAYS"), 2);
  }

  private void checkLogs() throws IOException {
    String list = ok(kiln("clusters", "logs", clusterId, "--list")).out();
    assertThat(list).contains("Instance", "DRIVER", "logs/stdout", "logs/stderr");
    JsonNode nodes = ok(kiln("clusters", "logs", clusterId, "--list", "-o", "json")).json();
    String driver = nodes.get("nodes").get(0).get("instance_id").asText();

    assertThat(ok(kiln("clusters", "logs", clusterId, "--path", "stderr")).out()).isNotEmpty();
    JsonNode tail =
        ok(kiln(
                "clusters",
                "logs",
                clusterId,
                "--node",
                driver,
                "--path",
                "stderr",
                "--tail-bytes",
                "10",
                "-o",
                "json"))
            .json();
    assertThat(tail.get("instance_id").asText()).isEqualTo(driver);
    assertThat(tail.get("content").asText().getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(10);
    assertThat(tail.get("truncated").asBoolean()).isTrue();
    CliRun truncated =
        ok(kiln("clusters", "logs", clusterId, "--path", "stderr", "--tail-bytes", "10"));
    assertThat(truncated.err()).contains("--tail-bytes");

    CliRun noSuch = fails(kiln("clusters", "logs", clusterId, "--node", "i-nope"), 1);
    assertThat(noSuch.err()).startsWith("Error: RESOURCE_DOES_NOT_EXIST: ");
  }

  @Test
  void catalogsAndErrors() throws IOException {
    assertThat(ok(kiln("clusters", "spark-versions")).out()).contains("Key", "1.0.x-scala2.13");
    assertThat(ok(kiln("clusters", "list-node-types")).out()).contains("Node Type", "kiln-1c-2g");
    assertThat(
            ok(kiln("clusters", "list-node-types", "-o", "json"))
                .json()
                .get("node_types")
                .findValuesAsText("node_type_id"))
        .contains("kiln-1c-2g");

    CliRun missing = fails(kiln("clusters", "get", "0000-000000-nope"), 1);
    assertThat(missing.out()).isEmpty();
    assertThat(missing.err()).startsWith("Error: RESOURCE_DOES_NOT_EXIST: ");
    assertThat(missing.err().lines()).hasSize(1);
    fails(kiln("clusters", "start", "0000-000000-nope", "--wait"), 1);

    Path bad = temp.resolve("bad.json");
    Files.writeString(bad, "{\"cluster_name\": \"x\",\n  \"num_workers\": }");
    CliRun badJson = fails(kiln("clusters", "create", "--json-file", bad.toString()), 1);
    assertThat(badJson.err())
        .startsWith("Error: invalid JSON in " + bad + " at line 2")
        .hasLineCount(1);
    CliRun noFile =
        fails(kiln("clusters", "create", "--json-file", temp.resolve("nope.json").toString()), 1);
    assertThat(noFile.err())
        .isEqualTo("Error: cannot read " + temp.resolve("nope.json") + ": no such file\n");
    // Fields the SDK does not model cannot pass through: named, not dropped silently.
    CliRun unknown =
        fails(
            kiln(
                "clusters",
                "create",
                "--json",
                "{\"cluster_name\":\"x\",\"bogus\":1,\"autoscale\":{\"min_workers\":1,"
                    + "\"max_workers\":2,\"nested\":{\"a\":1}},\"num_workers\":0}"),
            1);
    assertThat(unknown.err())
        .contains("Warning: --json: unknown field bogus ignored\n")
        .contains("Warning: --json: unknown field autoscale.nested ignored\n");
    // An invalid spec is the API's to refuse.
    CliRun invalid = fails(kiln("clusters", "create", "--json", "{\"cluster_name\":\"x\"}"), 1);
    assertThat(invalid.err()).startsWith("Error: INVALID_PARAMETER_VALUE: ");

    fails(kiln("clusters", "create"), 2);
    fails(kiln("clusters", "create", "--json", SPEC, "--json-file", bad.toString()), 2);
    fails(kiln("clusters", "resize", "c1"), 2);
    fails(kiln("clusters", "resize", "c1", "--num-workers", "1", "--autoscale", "1:2"), 2);
    fails(kiln("clusters", "resize", "c1", "--autoscale", "3"), 2);
    CliRun badTimeout = fails(kiln("clusters", "start", "c1", "--wait", "--timeout", "soon"), 2);
    assertThat(badTimeout.err()).contains("'soon' is not a duration");

    assertThat(ok(kiln("--help")).out())
        .contains("clusters", "Exit codes:", "3", "--wait timed out");
    assertThat(ok(kiln("clusters", "start", "--help")).out()).contains("--wait", "--timeout");
  }
}
