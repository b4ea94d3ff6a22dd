package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import dev.kiln.model.node.NodePhase;
import dev.kiln.model.node.NodeStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real driver node and one worker, driven over the node protocol's execution routes: SQL, Scala
 * (with jobs on the executor), errors, dbutils, context isolation, cancel, and no leftovers.
 */
class DriverExecutionIT {
  private static final ObjectMapper JSON = Json.mapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Path RUNTIME = NodeProcess.runtimeDir();
  private static String clusterId;
  private static String secret;
  private static NodeProcess driver;
  private static NodeProcess worker;
  private static String scala;

  @BeforeAll
  static void cluster() throws Exception {
    clusterId = "it-" + UUID.randomUUID().toString().substring(0, 8);
    Map<String, Object> d = spec("driver", "DRIVER");
    secret = (String) d.get("node_secret");
    driver = launch(d);
    NodeStatus ready = awaitReady(driver);
    Map<String, Object> w = spec("worker-1", "WORKER");
    w.put("master_url", ready.masterUrl());
    w.put("worker_memory_mb", 1024);
    worker = launch(w);
    awaitReady(worker);
    await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(300))
        .until(() -> driver.status().executors() != null && driver.status().executors() >= 1);
    long t0 = System.nanoTime();
    scala = createContext("scala");
    System.out.printf(
        "DriverExecutionIT: scala context Running after %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);
  }

  @AfterAll
  static void stop() throws Exception {
    if (driver != null) {
      driver.call("POST", "/stop");
    }
    if (worker != null) {
      worker.process.destroy();
    }
    try {
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(200))
          .until(() -> ClusterProcesses.tagged(clusterId).isEmpty());
    } finally {
      if (driver != null) {
        driver.close();
      }
      if (worker != null) {
        worker.close();
      }
    }
  }

  private static Map<String, Object> spec(String instanceId, String role) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("cluster_id", clusterId);
    spec.put("cluster_name", "exec-it");
    spec.put("instance_id", instanceId);
    spec.put("role", role);
    spec.put("node_secret", "node-" + UUID.randomUUID());
    spec.put("spark_secret", "spark-" + clusterId);
    spec.put("cores", 1);
    spec.put("memory_mb", 2048);
    spec.put("orphan_timeout_seconds", 600);
    spec.put("worker_memory_mb", 0);
    spec.put("instance_type", "kiln.it");
    spec.put("spark_conf", Map.of("spark.executor.memory", "1g"));
    return spec;
  }

  private static NodeProcess launch(Map<String, Object> spec) throws Exception {
    Path nodeDir =
        Path.of(
            System.getProperty("user.dir"),
            "target",
            "exec-it",
            clusterId,
            (String) spec.get("instance_id"));
    return NodeProcess.launch(RUNTIME, nodeDir, spec, 1024, Map.of());
  }

  private static NodeStatus awaitReady(NodeProcess node) throws Exception {
    NodeStatus[] last = new NodeStatus[1];
    try {
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(250))
          .until(
              () -> {
                assertThat(node.process.isAlive()).isTrue();
                last[0] = node.status();
                return last[0].phase() == NodePhase.READY;
              });
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("node never READY; stderr:\n" + node.stderr(), e);
    }
    return last[0];
  }

  private static HttpResponse<String> send(String method, String path, Object body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + driver.port() + path))
            .timeout(Duration.ofSeconds(30))
            .header("Authorization", "Bearer " + secret)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode ok(String method, String path, Object body) throws Exception {
    HttpResponse<String> r = send(method, path, body);
    assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String createContext(String language) throws Exception {
    String id =
        ok("POST", "/contexts", Map.of("language", language, "user", "alice@example.com"))
            .get("context_id")
            .asText();
    assertThat(id).matches("\\d{19}");
    await()
        .atMost(Duration.ofMinutes(2))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              JsonNode c = ok("GET", "/contexts/" + id, null);
              assertThat(c.get("status").asText()).as(c.toString()).isNotEqualTo("Error");
              return c.get("status").asText().equals("Running");
            });
    return id;
  }

  private static String submit(String context, String code) throws Exception {
    return ok(
            "POST",
            "/contexts/" + context + "/commands",
            Map.of("command", code, "user", "alice@example.com"))
        .get("command_id")
        .asText();
  }

  private static JsonNode awaitDone(String context, String command) throws Exception {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              last[0] = ok("GET", "/contexts/" + context + "/commands/" + command, null);
              String s = last[0].get("status").asText();
              return s.equals("Finished") || s.equals("Cancelled") || s.equals("Error");
            });
    return last[0];
  }

  /** Runs a command and returns its results object (the status must be Finished). */
  private static JsonNode run(String context, String code) throws Exception {
    long t0 = System.nanoTime();
    JsonNode done = awaitDone(context, submit(context, code));
    System.out.printf(
        "DriverExecutionIT: %d ms for %s%n",
        (System.nanoTime() - t0) / 1_000_000, code.replace('\n', ' '));
    assertThat(done.get("status").asText()).as(done.toString()).isEqualTo("Finished");
    return done.get("results");
  }

  @Test
  void sqlGivesTablesWithSparkTypesTruncatedAt1000RowsAndOkForCommands() throws Exception {
    String sql = createContext("sql");
    JsonNode small =
        run(
            sql,
            "CREATE OR REPLACE TEMP VIEW v AS SELECT 1 AS a, 'x;y' AS b;\n"
                + "SELECT a, b, CAST(2.5 AS DECIMAL(10,2)) AS d, array(1,2) AS arr,"
                + " DATE'2024-01-02' AS day FROM v");
    assertThat(small.get("resultType").asText()).isEqualTo("table");
    assertThat(small.get("schema").toString())
        .contains("\"name\":\"a\",\"type\":\"int\"", "\"type\":\"decimal(10,2)\"")
        .contains("\"type\":\"array<int>\"", "\"type\":\"date\"");
    assertThat(small.get("data").toString()).isEqualTo("[[1,\"x;y\",2.5,[1,2],\"2024-01-02\"]]");
    assertThat(small.get("truncated").asBoolean()).isFalse();

    JsonNode big = run(sql, "SELECT id FROM range(5000)");
    assertThat(big.get("data").size()).isEqualTo(1000);
    assertThat(big.get("truncated").asBoolean()).isTrue();
    assertThat(big.get("schema").get(0).get("type").asText()).isEqualTo("bigint");

    assertThat(run(sql, "CREATE TEMP VIEW w AS SELECT 1").get("data").asText()).isEqualTo("OK");

    JsonNode error = run(sql, "SELECT * FROM no_such_table");
    assertThat(error.get("resultType").asText()).isEqualTo("error");
    assertThat(error.get("summary").asText()).contains("TABLE_OR_VIEW_NOT_FOUND");
    ok("DELETE", "/contexts/" + sql, null);
    assertThat(send("GET", "/contexts/" + sql, null).statusCode()).isEqualTo(404);
  }

  @Test
  void scalaPrintsLikeTheReplAndRunsClosuresOverItsOwnClassesOnExecutors() throws Exception {
    JsonNode first = run(scala, "val x = 1 + 1");
    assertThat(first.get("resultType").asText()).isEqualTo("text");
    assertThat(first.get("data").asText()).contains("val x: Int = 2");
    assertThat(run(scala, "println(\"hi\"); x * 21").get("data").asText()).contains("hi", "= 42");
    JsonNode job =
        run(
            scala,
            """
            case class P(n: Int)
            def twice(p: P): Int = p.n * 2
            sc.parallelize(1 to 100, 2).map(i => twice(P(i))).sum()""");
    assertThat(job.get("data").asText()).as(job.toString()).contains("10100.0");
    NodeStatus status = driver.status();
    assertThat(status.activityCount()).isPositive();
    assertThat(status.activeCommands()).isZero();
  }

  @Test
  void scalaErrorsAreErrorResults() throws Exception {
    JsonNode div = run(scala, "val zero = 0\n1 / zero");
    assertThat(div.get("resultType").asText()).isEqualTo("error");
    assertThat(div.get("summary").asText()).isEqualTo("java.lang.ArithmeticException: / by zero");
    JsonNode compile = run(scala, "val y: Int = \"nope\"");
    assertThat(compile.get("resultType").asText()).isEqualTo("error");
    assertThat(compile.get("cause").asText()).contains("type mismatch");
  }

  @Test
  void dbutilsInScala() throws Exception {
    Path dir = Files.createTempDirectory("exec-it-fs");
    String base = "file:" + dir;
    JsonNode fs =
        run(
            scala,
            "dbutils.fs.mkdirs(\""
                + base
                + "/d\")\n"
                + "dbutils.fs.put(\""
                + base
                + "/d/a.txt\", \"hello\", true)\n"
                + "dbutils.fs.ls(\""
                + base
                + "/d\").get(0).name + \"|\" + dbutils.fs.head(\""
                + base
                + "/d/a.txt\", 3)");
    assertThat(fs.get("data").asText()).contains("a.txt|hel");
    JsonNode widgets =
        run(
            scala,
            "dbutils.widgets.text(\"who\", \"world\", \"Who\")\n"
                + "\"hello \" + dbutils.widgets.get(\"who\")");
    assertThat(widgets.get("data").asText()).contains("hello world");
    JsonNode exit = run(scala, "dbutils.notebook.exit(\"done-42\")\nprintln(\"never printed\")");
    assertThat(exit.get("resultType").asText()).isEqualTo("text");
    assertThat(exit.get("data").asText()).isEqualTo("done-42");
  }

  @Test
  void contextsAreIsolatedButShareTheCluster() throws Exception {
    run(scala, "val onlyHere = 7\ncase class Q(v: Int)");
    String other = createContext("scala");
    JsonNode missing = run(other, "onlyHere");
    assertThat(missing.get("resultType").asText()).isEqualTo("error");
    assertThat(missing.get("cause").asText()).contains("not found: value onlyHere");
    // Both contexts' first lines are $line-named: each one's classes reach the executors.
    JsonNode mine =
        run(
            other,
            "case class Q(w: String)\nsc.parallelize(1 to 3, 1).map(i => Q(\"a\" * i).w.length).sum()");
    assertThat(mine.get("data").asText()).as(mine.toString()).contains("6.0");
    JsonNode theirs = run(scala, "sc.parallelize(1 to 3, 1).map(i => Q(i).v).sum()");
    assertThat(theirs.get("data").asText()).as(theirs.toString()).contains("6.0");
    ok("DELETE", "/contexts/" + other, null);
  }

  @Test
  void cancelStopsALongJobAndTheClusterIsFreeAfterwards() throws Exception {
    String sql = createContext("sql");
    String command =
        submit(sql, "SELECT count(*) FROM range(0, 1000000000000, 1, 2) WHERE rand() >= 0");
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> driver.status().activeJobs() != null && driver.status().activeJobs() > 0);
    long t0 = System.nanoTime();
    ok("POST", "/contexts/" + sql + "/commands/" + command + "/cancel", null);
    JsonNode done = awaitDone(sql, command);
    System.out.printf(
        "DriverExecutionIT: cancelled in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertThat(done.get("status").asText()).isEqualTo("Cancelled");
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .until(() -> driver.status().activeJobs() == 0);
    JsonNode quick = run(sql, "SELECT sum(id) AS s FROM range(10)");
    assertThat(quick.get("data").toString()).isEqualTo("[[45]]");
  }

  @Test
  void badRequestsGetDatabricksErrors() throws Exception {
    HttpResponse<String> lang = send("POST", "/contexts", Map.of("language", "cobol"));
    assertThat(lang.statusCode()).isEqualTo(400);
    assertThat(lang.body()).contains("INVALID_PARAMETER_VALUE");
    HttpResponse<String> none = send("GET", "/contexts/123", null);
    assertThat(none.statusCode()).isEqualTo(404);
    assertThat(none.body()).contains("RESOURCE_DOES_NOT_EXIST");
    HttpResponse<String> cmd = send("GET", "/contexts/" + scala + "/commands/nope", null);
    assertThat(cmd.statusCode()).isEqualTo(404);
  }
}
