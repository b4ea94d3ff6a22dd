package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.kiln.model.node.NodeFailureCode;
import dev.kiln.model.node.NodePhase;
import dev.kiln.model.node.NodeStatus;
import dev.kiln.model.node.SparkWorkerInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real kiln-node processes from the assembled Kiln Runtime: a driver and a worker that form a Spark
 * cluster and stop without leaving a process behind, a failing init script, an orphan.
 */
class NodeProcessIT {
  private static final Path RUNTIME = NodeProcess.runtimeDir();
  private final List<NodeProcess> started = new ArrayList<>();

  @BeforeAll
  static void runtimeIsAssembled() {
    assertThat(RUNTIME.resolve("jvm.options")).exists();
    assertThat(RUNTIME.resolve("jars")).isDirectory();
  }

  @AfterEach
  void killEverything() {
    for (NodeProcess node : started) {
      node.close();
    }
  }

  private static String newClusterId() {
    return "it-" + UUID.randomUUID().toString().substring(0, 8);
  }

  private static Map<String, Object> spec(String clusterId, String instanceId, String role) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("cluster_id", clusterId);
    spec.put("cluster_name", "node-it");
    spec.put("instance_id", instanceId);
    spec.put("role", role);
    spec.put("node_secret", "node-" + UUID.randomUUID());
    spec.put("spark_secret", "spark-" + clusterId);
    spec.put("cores", 1);
    spec.put("memory_mb", 2048);
    spec.put("orphan_timeout_seconds", 300);
    spec.put("worker_memory_mb", 0);
    spec.put("instance_type", "kiln.it");
    spec.put("spark_conf", Map.of("spark.executor.memory", "1g"));
    return spec;
  }

  private NodeProcess launch(Map<String, Object> spec) throws Exception {
    Path nodeDir =
        Path.of(
            System.getProperty("user.dir"),
            "target",
            "node-it",
            (String) spec.get("cluster_id"),
            (String) spec.get("instance_id"));
    NodeProcess node = NodeProcess.launch(RUNTIME, nodeDir, spec, 1024, Map.of());
    started.add(node);
    return node;
  }

  private static NodeStatus awaitPhase(NodeProcess node, NodePhase phase) throws Exception {
    NodeStatus[] last = new NodeStatus[1];
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                assertThat(node.process.isAlive()).as("node process alive").isTrue();
                last[0] = node.status();
                return last[0].phase() == phase;
              });
    } catch (AssertionError | RuntimeException e) {
      throw new AssertionError("node never " + phase + "; stderr:\n" + node.stderr(), e);
    }
    return last[0];
  }

  @Test
  void driverAndWorkerFormAClusterAndStopOnRequestAndSigtermWithoutLeftovers() throws Exception {
    String clusterId = newClusterId();
    Map<String, Object> driverSpec = spec(clusterId, "driver", "DRIVER");
    driverSpec.put("ui_proxy_base", "/driver-proxy/" + clusterId);
    long t0 = System.nanoTime();
    NodeProcess driver = launch(driverSpec);
    NodeStatus ready = awaitPhase(driver, NodePhase.READY);
    long driverReadyMs = (System.nanoTime() - t0) / 1_000_000;

    assertThat(ready.pid()).isEqualTo(driver.pid());
    assertThat(ready.masterUrl()).isEqualTo("spark://127.0.0.1:" + ready.sparkRpcPort());
    assertThat(ready.appId()).startsWith("app-");
    assertThat(ready.masterUiPort()).isPositive();
    assertThat(ready.sparkUiPort()).isPositive();
    assertThat(driver.callWith("GET", "/status", "wrong").statusCode()).isEqualTo(401);

    Map<String, Object> workerSpec = spec(clusterId, "worker-1", "WORKER");
    workerSpec.put("master_url", ready.masterUrl());
    workerSpec.put("worker_memory_mb", 1024);
    long t1 = System.nanoTime();
    NodeProcess worker = launch(workerSpec);
    NodeStatus workerReady = awaitPhase(worker, NodePhase.READY);
    long workerReadyMs = (System.nanoTime() - t1) / 1_000_000;

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(
            () -> {
              NodeStatus status = driver.status();
              assertThat(status.workers())
                  .extracting(SparkWorkerInfo::port, SparkWorkerInfo::state)
                  .contains(
                      org.assertj.core.groups.Tuple.tuple(workerReady.sparkRpcPort(), "ALIVE"));
              assertThat(status.executors()).isGreaterThanOrEqualTo(1);
            });
    long executorMs = (System.nanoTime() - t1) / 1_000_000;
    SparkWorkerInfo seen = driver.status().workers().get(0);
    assertThat(seen.cores()).isEqualTo(1);
    assertThat(seen.memoryMb()).isEqualTo(1024);
    List<Long> tagged = ClusterProcesses.tagged(clusterId);
    assertThat(tagged).contains(driver.pid(), worker.pid()).hasSizeGreaterThanOrEqualTo(3);
    long executorPid =
        tagged.stream()
            .filter(p -> p != driver.pid() && p != worker.pid())
            .findFirst()
            .orElseThrow();
    System.out.printf(
        "NodeProcessIT: driver READY %d ms, worker READY %d ms, executor registered %d ms after"
            + " the worker's launch; RSS driver %d MB, worker %d MB, executor %d MB%n",
        driverReadyMs,
        workerReadyMs,
        executorMs,
        driver.rssMb(),
        worker.rssMb(),
        ClusterProcesses.rssMb(executorPid));

    long t2 = System.nanoTime();
    assertThat(driver.call("POST", "/stop").body()).isEqualTo("{}");
    worker.process.destroy(); // SIGTERM: the shutdown hook stops the Worker and its executor
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> ClusterProcesses.tagged(clusterId).isEmpty());
    System.out.printf(
        "NodeProcessIT: all %d processes gone %d ms after POST /stop (driver), SIGTERM (worker)%n",
        tagged.size(), (System.nanoTime() - t2) / 1_000_000);
    // Gone from /proc's command lines can be a moment before the JVM has reaped the process.
    assertThat(driver.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(driver.process.exitValue()).isZero();
    assertThat(worker.stderr()).contains("phase READY -> STOPPING: JVM shutdown");
    assertThat(driver.stderr()).contains("phase STARTING -> READY", "phase READY -> STOPPING");
  }

  @Test
  void failingInitScriptFailsTheNodeWithoutSpark() throws Exception {
    String clusterId = newClusterId();
    Path scripts =
        Files.createDirectories(
            Path.of(System.getProperty("user.dir"), "target", "node-it", clusterId, "scripts"));
    Path ok = Files.writeString(scripts.resolve("ok.sh"), "echo \"ok on $DB_CLUSTER_ID\"\n");
    Path bad =
        Files.writeString(
            scripts.resolve("bad.sh"), "echo before-failing; echo oops >&2; exit 7\n");
    Map<String, Object> spec = spec(clusterId, "driver", "DRIVER");
    spec.put(
        "init_scripts",
        List.of(
            Map.of("name", "ok.sh", "path", ok.toString()),
            Map.of("name", "bad.sh", "path", bad.toString())));
    NodeProcess node = launch(spec);

    NodeStatus failed = awaitPhase(node, NodePhase.FAILED);

    assertThat(failed.failureCode()).isEqualTo(NodeFailureCode.INIT_SCRIPT_FAILURE);
    assertThat(failed.message()).contains("bad.sh", "7");
    assertThat(failed.initScripts()).hasSize(2);
    assertThat(failed.sparkRpcPort()).isNull();
    Path logs = node.nodeDir.resolve("logs/init_scripts");
    assertThat(logs.resolve("00_ok.sh.stdout.log")).hasContent("ok on " + clusterId);
    assertThat(logs.resolve("01_bad.sh.stdout.log")).hasContent("before-failing");
    assertThat(logs.resolve("01_bad.sh.stderr.log")).hasContent("oops");
    assertThat(node.stderr()).doesNotContain("Starting Spark master");

    assertThat(node.call("POST", "/stop").body()).isEqualTo("{}");
    assertThat(node.process.waitFor(20, TimeUnit.SECONDS)).isTrue();
    assertThat(node.process.exitValue()).isZero();
  }

  @Test
  void orphanedNodeStopsByItself() throws Exception {
    String clusterId = newClusterId();
    Map<String, Object> spec = spec(clusterId, "driver", "DRIVER");
    spec.put("orphan_timeout_seconds", 5);
    spec.put("spark_conf", Map.of("spark.master", "local[1]"));
    long t0 = System.nanoTime();
    NodeProcess node = launch(spec);

    assertThat(node.process.waitFor(40, TimeUnit.SECONDS)).as("exits by itself").isTrue();

    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("NodeProcessIT: orphan (timeout 5 s) exited %d ms after launch%n", ms);
    assertThat(ms).isGreaterThanOrEqualTo(5000);
    assertThat(node.process.exitValue()).isZero();
    assertThat(node.stderr()).contains("Node orphaned", "-> STOPPING");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> ClusterProcesses.tagged(clusterId).isEmpty());
  }
}
