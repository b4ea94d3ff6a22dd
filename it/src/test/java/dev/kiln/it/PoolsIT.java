package dev.kiln.it;

import static dev.kiln.it.ClusterCalls.START;
import static dev.kiln.it.ClusterCalls.assertNoProcessesLeft;
import static dev.kiln.it.ClusterCalls.small;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.CreateInstancePool;
import com.databricks.sdk.service.compute.EditInstancePool;
import com.databricks.sdk.service.compute.GetInstancePool;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.SparkNode;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.compute.TerminationReasonCode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.testing.TestClock;
import dev.kiln.server.compute.LocalCompute;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Instance pools with real warm instances: a cluster starts from them, the pool refills, trims idle
 * instances with a moved clock, refuses what exceeds its max capacity, and can be deleted under a
 * running cluster. ({@link PoolAdoptionIT}: a kill -9 of the control plane.)
 */
class PoolsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  // A deadline, not a target (BENCHMARKS.md times pools): a fresh runtime's first instance writes
  // the executor archive before the next one starts, on a host another test class shares.
  private static final Duration WARM = Duration.ofMinutes(8);

  static final TestClock clock = TestClock.system();
  static TestServer server;
  static WorkspaceClient admin;
  private final List<String> clusters = new ArrayList<>();
  private final List<String> pools = new ArrayList<>();

  @BeforeAll
  static void start() {
    server = TestServer.start(c -> c.withCompute(c.compute().withCapacity(16, 16000)), clock);
    admin = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @AfterEach
  void leaveNothingRunning() {
    clusters.forEach(ClusterCalls::killLeftovers);
    pools.forEach(p -> LocalCompute.processesOfPool(p).forEach(LocalCompute::kill));
  }

  @Test
  void aClusterStartsFromWarmInstancesAndThePoolKeepsItsShape() throws Exception {
    String pool =
        admin
            .instancePools()
            .create(
                new CreateInstancePool()
                    .setInstancePoolName("warm")
                    .setNodeTypeId(ClusterCalls.SMALL)
                    .setMinIdleInstances(2L)
                    .setMaxCapacity(3L)
                    .setIdleInstanceAutoterminationMinutes(10L)
                    // Preloaded: the warm-up runs a first command in each interpreter too.
                    .setPreloadedSparkVersions(List.of(ClusterCalls.RUNTIME)))
            .getInstancePoolId();
    pools.add(pool);
    awaitPool(pool, p -> p.getStats().getIdleCount() == 2);
    Set<String> warm = new HashSet<>(poolInstances(pool));
    assertThat(warm).hasSize(2);
    // A warm-up wrote the executors' class data archive of the runtime (one shared by every home:
    // this server's, or an earlier one's).
    Path archive = executorArchive();

    // A 1-worker cluster takes both warm instances: its driver and its worker.
    long started = System.nanoTime();
    String id =
        admin
            .clusters()
            .create(small("from-pool", 1).setNodeTypeId(null).setInstancePoolId(pool))
            .getResponse()
            .getClusterId();
    clusters.add(id);
    Awaitility.await("cluster RUNNING")
        .atMost(START)
        .pollInterval(Duration.ofMillis(100))
        .until(() -> admin.clusters().get(id).getState() == State.RUNNING);
    long ms = (System.nanoTime() - started) / 1_000_000;
    ClusterDetails running = admin.clusters().get(id);
    System.out.println("PoolsIT: RUNNING from the pool in " + ms + " ms");
    assertThat(running.getNodeTypeId()).isEqualTo(ClusterCalls.SMALL);
    assertThat(running.getDriver().getInstanceId()).isIn(warm);
    assertThat(running.getExecutors())
        .extracting(SparkNode::getInstanceId)
        .singleElement()
        .isIn(warm);
    // Its executor launch asks for the archive, and runs in the worker instance's standby JVM,
    // started ahead with that archive mapped: the Worker started no JVM of its own.
    assertThat(ClusterProcesses.executorCommandLines(id))
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .contains("-XX:SharedArchiveFile=" + archive)
                    // The cluster's RPC is encrypted, the standby's executor's too.
                    .contains("-Dspark.network.crypto.enabled=true"));
    String worker = running.getExecutors().iterator().next().getInstanceId();
    assertThat(executorLog(pool, worker)).contains("runs in its pool instance's standby JVM");
    assertThat(ClusterProcesses.standbyMapping(worker, archive)).isTrue();

    // The warm-up started Spark Connect and the interpreters in the driver's JVM before: both
    // start again for the cluster, and work.
    String driver = running.getDriver().getInstanceId();
    assertThat(nodeLog(pool, driver))
        .contains("Interpreters warmed")
        .doesNotContain("Interpreter warm-up incomplete")
        .doesNotContain("first command ended");
    try (org.apache.spark.sql.connect.SparkSession connect =
        org.apache.spark.sql.connect.SparkSession.builder()
            .remote(sparkConnectUrl(id) + ";authorization=Bearer%20" + server.adminToken())
            .create()) {
      assertThat(connect.range(10).count()).isEqualTo(10L);
    }
    assertThat(ClusterCalls.runCommand(admin, id, Language.SCALA, "spark.range(7).count()"))
        .contains("7");

    // The pool refills as far as its max capacity lets it: 2 used + 1 idle.
    GetInstancePool refilled =
        awaitPool(pool, p -> p.getStats().getUsedCount() == 2 && p.getStats().getIdleCount() == 1);
    assertThat(refilled.getStats().getPendingIdleCount()).isZero();

    // A second cluster would need 2 more instances; only 1 fits under max_capacity 3.
    String second =
        admin
            .clusters()
            .create(small("second", 1).setNodeTypeId(null).setInstancePoolId(pool))
            .getResponse()
            .getClusterId();
    clusters.add(second);
    ClusterDetails refused = admin.clusters().waitGetClusterTerminated(second, START, null);
    assertThat(refused.getTerminationReason().getCode())
        .isEqualTo(TerminationReasonCode.INSTANCE_POOL_MAX_CAPACITY_REACHED);

    // Idle instances above min_idle_instances go once idle longer than the pool allows.
    admin
        .instancePools()
        .edit(
            new EditInstancePool()
                .setInstancePoolId(pool)
                .setInstancePoolName("warm")
                .setNodeTypeId(ClusterCalls.SMALL)
                .setMinIdleInstances(0L)
                .setMaxCapacity(3L)
                .setIdleInstanceAutoterminationMinutes(10L));
    Thread.sleep(2000);
    assertThat(admin.instancePools().get(pool).getStats().getIdleCount())
        .as("not idle for 10 minutes yet")
        .isEqualTo(1);
    clock.advance(Duration.ofMinutes(11));
    awaitPool(pool, p -> p.getStats().getIdleCount() == 0);

    // Deleting the pool leaves the cluster that uses its instances running.
    admin.instancePools().delete(pool);
    assertThatThrownBy(() -> admin.instancePools().get(pool))
        .isInstanceOf(ResourceDoesNotExist.class);
    Thread.sleep(3000);
    ClusterDetails still = admin.clusters().get(running.getClusterId());
    assertThat(still.getState()).isEqualTo(State.RUNNING);
    assertThat(still.getExecutors()).hasSize(1);

    // Its instances end with it: a used instance is not returned warm.
    admin.clusters().delete(running.getClusterId()).get(START);
    assertNoProcessesLeft(running.getClusterId());
    Awaitility.await("no process of pool " + pool)
        .atMost(Duration.ofSeconds(60))
        .until(() -> LocalCompute.processesOfPool(pool).isEmpty());
  }

  /** The log of a pool instance's node JVM. */
  private static String nodeLog(String pool, String instance) throws Exception {
    return Files.readString(
        server.home().resolve("pools").resolve(pool).resolve(instance).resolve("logs/stderr"));
  }

  private static String sparkConnectUrl(String clusterId) throws Exception {
    return JSON.readTree(
            server.call("GET", "/api/2.1/clusters/get?cluster_id=" + clusterId, null).body())
        .path("spark_connect_url")
        .asText();
  }

  /** The stderr of the executors a pool instance's Worker ran. */
  private static String executorLog(String pool, String instance) throws Exception {
    Path work = server.home().resolve("pools").resolve(pool).resolve(instance).resolve("work");
    try (Stream<Path> files = Files.walk(work)) {
      StringBuilder log = new StringBuilder();
      for (Path f : files.filter(f -> f.getFileName().toString().equals("stderr")).toList()) {
        log.append(Files.readString(f));
      }
      return log.toString();
    }
  }

  /** The one executor class data archive of the runtime, in its folder. */
  private static Path executorArchive() throws Exception {
    Path cds = NodeProcess.runtimeDir().resolve("cds");
    assertThat(cds).isDirectory();
    try (Stream<Path> files = Files.list(cds)) {
      List<Path> archives = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).toList();
      assertThat(archives).as("older builds' archives are removed").hasSize(1);
      assertThat(Files.size(archives.get(0))).isGreaterThan(1 << 20);
      return archives.get(0);
    }
  }

  private static GetInstancePool awaitPool(String pool, Predicate<GetInstancePool> condition) {
    return Awaitility.await("pool " + pool)
        .atMost(WARM)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> admin.instancePools().get(pool), condition);
  }

  /** The instance ids of a pool's processes, from their command lines. */
  private static List<String> poolInstances(String pool) throws Exception {
    List<String> ids = new ArrayList<>();
    for (long pid : LocalCompute.processesOfPool(pool)) {
      String cmd = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
      for (String arg : cmd.split("\0")) {
        if (arg.startsWith("-Dkiln.instance=")) {
          ids.add(arg.substring("-Dkiln.instance=".length()));
        }
      }
    }
    return ids;
  }
}
