package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the packaged control plane while runs wait in the queue, wait for another job, and run
 * a notebook and a jar's main on a cluster: after the restart every run is there once, under its
 * id, the notebook's and the jar's commands are re-attached (each ran once) and every run ends
 * cleanly.
 */
class JobsCrashIT {
  private static final Duration START = Duration.ofMinutes(3);
  private static final String SEP = "\n\n# COMMAND ----------\n\n";

  @TempDir Path home;
  private final List<String> clusters = new ArrayList<>();

  @AfterEach
  void leaveNothingRunning() {
    clusters.forEach(ClusterCalls::killLeftovers);
  }

  /** Writes args[0] once (a second run would fail), then counts to 59 in args[1]. */
  private static final String JAR_MAIN =
      """
      package kiln.crash;

      import org.apache.hadoop.fs.FSDataOutputStream;
      import org.apache.hadoop.fs.FileSystem;
      import org.apache.hadoop.fs.Path;
      import org.apache.spark.sql.SparkSession;

      public class Once {
        public static void main(String[] args) throws Exception {
          SparkSession spark = SparkSession.builder().getOrCreate();
          FileSystem fs = new Path(args[0]).getFileSystem(spark.sparkContext().hadoopConfiguration());
          try (FSDataOutputStream out = fs.create(new Path(args[0]), false)) {
            out.writeBytes("once");
          }
          for (int i = 0; i < 60; i++) {
            try (FSDataOutputStream out = fs.create(new Path(args[1]), true)) {
              out.writeBytes(Integer.toString(i));
            }
            Thread.sleep(250);
          }
          System.out.println("jar finished " + spark.range(5).count());
        }
      }
      """;

  @Test
  void runsSurviveKill9OnceEachAndTheRunningNotebookIsReattached() throws Exception {
    try (ServerProcess server = ServerProcess.startForTests(home)) {
      String clusterId = cluster(server);
      byte[] jar =
          TestJars.compile(
              home.resolve("jar"),
              "kiln.crash.Once",
              JAR_MAIN,
              TestJars.jarsIn(NodeProcess.runtimeDir().resolve("jars")));
      assertOk(
          server.call(
              "POST",
              "/api/2.0/dbfs/put",
              "{\"path\":\"dbfs:/crash/once.jar\",\"overwrite\":true,\"contents\":\""
                  + java.util.Base64.getEncoder().encodeToString(jar)
                  + "\"}"));
      String jarMarker = "dbfs:/crash/jar-started-" + UUID.randomUUID();
      String jarCounter = "dbfs:/crash/jar-counter-" + UUID.randomUUID();
      long jarJob =
          job(
              server,
              "{\"name\":\"jar\",\"tasks\":[{\"task_key\":\"main\",\"existing_cluster_id\":\""
                  + clusterId
                  + "\",\"libraries\":[{\"jar\":\"dbfs:/crash/once.jar\"}],"
                  + "\"spark_jar_task\":{\"main_class_name\":\"kiln.crash.Once\",\"parameters\":[\""
                  + jarMarker
                  + "\",\""
                  + jarCounter
                  + "\"]}}]}");
      String marker = "dbfs:/crash/started-" + UUID.randomUUID();
      String counter = "dbfs:/crash/counter-" + UUID.randomUUID();
      // Ran twice, the first cell would fail: its file may be written once only.
      String notebook =
          "# Databricks notebook source\n"
              + "dbutils.fs.put(\""
              + marker
              + "\", \"once\", False)"
              + SEP
              + "import time\nfor i in range(60):\n    dbutils.fs.put(\""
              + counter
              + "\", str(i), True)\n"
              + "    time.sleep(0.25)"
              + SEP
              + "dbutils.notebook.exit(\"finished\")";
      assertOk(server.call("POST", "/api/2.0/workspace/mkdirs", "{\"path\":\"/Shared/crash\"}"));
      assertOk(
          server.call(
              "POST",
              "/api/2.0/workspace/import",
              "{\"path\":\"/Shared/crash/nb\",\"format\":\"SOURCE\",\"language\":\"PYTHON\","
                  + "\"content\":\""
                  + WorkspaceCalls.b64(notebook)
                  + "\"}"));
      long notebookJob =
          job(
              server,
              "{\"name\":\"nb\",\"tasks\":[{\"task_key\":\"nb\",\"existing_cluster_id\":\""
                  + clusterId
                  + "\",\"notebook_task\":{\"notebook_path\":\"/Shared/crash/nb\"}}]}");
      long never =
          job(
              server,
              "{\"name\":\"never\",\"max_concurrent_runs\":0,\"queue\":{\"enabled\":true},"
                  + "\"tasks\":["
                  + condition("a")
                  + "]}");
      long waiting =
          job(
              server,
              "{\"name\":\"waiting\",\"queue\":{\"enabled\":true},\"tasks\":[{\"task_key\":\"w\","
                  + "\"run_job_task\":{\"job_id\":"
                  + never
                  + "}}]}");

      long notebookRun = runNow(server, notebookJob);
      long jarRun = runNow(server, jarJob);
      long waitingRun = runNow(server, waiting);
      await(
          server,
          waitingRun,
          r -> "RUNNING".equals(r.path("state").path("life_cycle_state").asText()));
      long queuedRun = runNow(server, waiting);
      await(
          server,
          queuedRun,
          r ->
              "QUEUED".equals(r.path("state").path("life_cycle_state").asText())
                  && r.path("status").has("queue_details"));
      Awaitility.await().atMost(START).until(() -> read(server, counter) != null);
      Awaitility.await().atMost(START).until(() -> read(server, jarCounter) != null);
      Awaitility.await()
          .atMost(START)
          .until(
              () ->
                  assertOk(server.call("GET", "/api/2.2/jobs/runs/list?job_id=" + never, null))
                          .path("runs")
                          .size()
                      == 1);
      List<Long> before = runIds(server);

      server.kill9();
      server.restart();

      assertThat(runIds(server)).as("no run lost or added").containsExactlyElementsOf(before);
      JsonNode ended = await(server, notebookRun, r -> terminal(r));
      assertThat(ended.path("state").path("result_state").asText())
          .as(ended.path("state").path("state_message").asText())
          .isEqualTo("SUCCESS");
      long taskRun = ended.path("tasks").get(0).path("run_id").asLong();
      JsonNode output =
          assertOk(server.call("GET", "/api/2.2/jobs/runs/get-output?run_id=" + taskRun, null));
      assertThat(output.path("notebook_output").path("result").asText()).isEqualTo("finished");
      assertThat(read(server, counter)).isEqualTo("59");
      assertThat(ended.path("tasks")).as("one attempt").hasSize(1);

      JsonNode jarEnded = await(server, jarRun, r -> terminal(r));
      assertThat(jarEnded.path("state").path("result_state").asText())
          .as(jarEnded.path("state").path("state_message").asText())
          .isEqualTo("SUCCESS");
      long jarTaskRun = jarEnded.path("tasks").get(0).path("run_id").asLong();
      assertThat(
              assertOk(
                      server.call(
                          "GET", "/api/2.2/jobs/runs/get-output?run_id=" + jarTaskRun, null))
                  .path("logs")
                  .asText())
          .contains("jar finished 5");
      assertThat(read(server, jarCounter)).isEqualTo("59");
      assertThat(read(server, jarMarker)).isEqualTo("once");

      JsonNode stillWaiting = get(server, waitingRun);
      assertThat(stillWaiting.path("state").path("life_cycle_state").asText()).isEqualTo("RUNNING");
      assertThat(get(server, queuedRun).path("state").path("life_cycle_state").asText())
          .isEqualTo("QUEUED");
      assertOk(
          server.call("POST", "/api/2.2/jobs/runs/cancel-all", "{\"job_id\":" + waiting + "}"));
      for (long id : List.of(waitingRun, queuedRun)) {
        assertThat(
                await(server, id, JobsCrashIT::terminal)
                    .path("state")
                    .path("result_state")
                    .asText())
            .isEqualTo("CANCELED");
      }
      long children =
          runIds(server).stream()
              .filter(id -> get(server, id).path("job_id").asLong() == never)
              .count();
      assertThat(children).as("the run-job task started its child run once").isEqualTo(1);
      assertOk(
          server.call(
              "POST",
              "/api/2.1/clusters/permanent-delete",
              "{\"cluster_id\":\"" + clusterId + "\"}"));
    }
  }

  private String cluster(ServerProcess server) {
    String body =
        "{\"cluster_name\":\"jobs-crash\",\"spark_version\":\"1.0.x-scala2.13\",\"node_type_id\":"
            + "\"kiln-1c-2g\",\"num_workers\":0,\"autotermination_minutes\":0,\"spark_conf\":{"
            + "\"spark.databricks.cluster.profile\":\"singleNode\",\"spark.master\":\"local[*]\"},"
            + "\"custom_tags\":{\"ResourceClass\":\"SingleNode\"}}";
    String id =
        assertOk(server.call("POST", "/api/2.1/clusters/create", body)).path("cluster_id").asText();
    clusters.add(id);
    Awaitility.await()
        .atMost(START)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () ->
                assertOk(server.call("GET", "/api/2.1/clusters/get?cluster_id=" + id, null))
                    .path("state")
                    .asText()
                    .equals("RUNNING"));
    return id;
  }

  private static String condition(String key) {
    return "{\"task_key\":\""
        + key
        + "\",\"condition_task\":{\"op\":\"EQUAL_TO\",\"left\":\"1\",\"right\":\"1\"}}";
  }

  private static long job(ServerProcess server, String body) {
    return assertOk(server.call("POST", "/api/2.2/jobs/create", body)).path("job_id").asLong();
  }

  private static long runNow(ServerProcess server, long jobId) {
    return assertOk(server.call("POST", "/api/2.2/jobs/run-now", "{\"job_id\":" + jobId + "}"))
        .path("run_id")
        .asLong();
  }

  private static JsonNode get(ServerProcess server, long runId) {
    return assertOk(server.call("GET", "/api/2.2/jobs/runs/get?run_id=" + runId, null));
  }

  private static JsonNode await(ServerProcess server, long runId, Predicate<JsonNode> condition) {
    return Awaitility.await("run " + runId)
        .atMost(START)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> get(server, runId), condition);
  }

  private static boolean terminal(JsonNode run) {
    return List.of("TERMINATED", "SKIPPED", "INTERNAL_ERROR")
        .contains(run.path("state").path("life_cycle_state").asText());
  }

  private static List<Long> runIds(ServerProcess server) {
    List<Long> ids = new ArrayList<>();
    String token = null;
    do {
      JsonNode page =
          assertOk(
              server.call(
                  "GET",
                  "/api/2.2/jobs/runs/list?limit=25"
                      + (token == null ? "" : "&page_token=" + token),
                  null));
      page.path("runs").forEach(r -> ids.add(r.path("run_id").asLong()));
      token = page.has("next_page_token") ? page.get("next_page_token").asText() : null;
    } while (token != null);
    return ids;
  }

  private static String read(ServerProcess server, String path) {
    var r = server.call("GET", "/api/2.0/dbfs/read?path=" + path, null);
    return r.statusCode() != 200
        ? null
        : new String(
            java.util.Base64.getDecoder().decode(ApiAssertions.json(r).path("data").asText()),
            java.nio.charset.StandardCharsets.UTF_8);
  }
}
