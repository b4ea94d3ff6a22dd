package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.CreateCluster;
import com.databricks.sdk.service.compute.EditCluster;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.ResultType;
import com.databricks.sdk.service.compute.Results;
import com.databricks.sdk.service.compute.State;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bounds of a cluster, on one Single Node cluster through the official Java SDK: a 3 GB print
 * is cut on the driver (first and last MBs, {@code truncated}) and neither the driver nor the
 * control plane holds it; settings that would open the cluster up are refused by name on create and
 * edit, while an ordinary {@code spark_conf} reaches the session.
 */
class ClusterBoundsIT extends ServerIT {
  static final Duration WAIT = Duration.ofMinutes(3);
  static final int KEPT = (1 << 20) + (5 << 20);
  static String clusterId;

  @BeforeAll
  static void startCluster() throws Exception {
    clusterId = ClusterCalls.createRunning(admin, spec()).getClusterId();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    ClusterCalls.terminate(admin, clusterId);
  }

  /** A Single Node cluster with an ordinary setting of the user's. */
  static CreateCluster spec() {
    CreateCluster spec = ClusterCalls.singleNode("bounds");
    Map<String, String> conf = new LinkedHashMap<>(spec.getSparkConf());
    conf.put("spark.sql.shuffle.partitions", "7");
    return spec.setSparkConf(conf);
  }

  static String context(Language language) throws Exception {
    return ClusterCalls.newContext(admin, clusterId, language);
  }

  static Results run(String context, Language language, String code) throws Exception {
    CommandStatusResponse done = ClusterCalls.execute(admin, clusterId, context, language, code);
    assertThat(done.getStatus()).isEqualTo(CommandStatus.FINISHED);
    return done.getResults();
  }

  /** The heap pools large objects land in (G1 puts them in its old generation directly). */
  static List<MemoryPoolMXBean> oldGeneration() {
    List<MemoryPoolMXBean> pools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP)
            .filter(p -> p.getName().contains("Old") || p.getName().contains("Tenured"))
            .toList();
    assertThat(pools).isNotEmpty();
    return pools;
  }

  /** Runs a command printing far more than is kept; the control plane's old generation stays. */
  static Results hugePrint(String context, Language language, String code) throws Exception {
    List<MemoryPoolMXBean> old = oldGeneration();
    System.gc();
    long before = 0;
    for (MemoryPoolMXBean pool : old) {
      pool.resetPeakUsage();
      before += pool.getUsage().getUsed();
    }
    Results results = run(context, language, code);
    long peak = 0;
    for (MemoryPoolMXBean pool : old) {
      peak += pool.getPeakUsage().getUsed();
    }
    // The server runs in this JVM: had it read the output whole, this would be gigabytes.
    assertThat(peak - before).isLessThan(512L << 20);
    return results;
  }

  static void assertCut(Results r, String first, String last) {
    assertThat(r.getResultType())
        .as("%s %s", r.getSummary(), r.getCause())
        .isEqualTo(ResultType.TEXT);
    assertThat(r.getTruncated()).isTrue();
    String data = String.valueOf(r.getData());
    assertThat(data.length()).isLessThan(KEPT + 200).isGreaterThan(KEPT - 100);
    assertThat(data).startsWith(first).endsWith(last).contains("*** WARNING: skipped ");
  }

  @Test
  void aThreeGigabytePythonPrintIsCutAndTheClusterKeepsWorking() throws Exception {
    String py = context(Language.PYTHON);
    long started = System.nanoTime();
    Results r =
        hugePrint(
            py,
            Language.PYTHON,
            "print('first')\nfor i in range(3000):\n    print('x' * 1_000_000)\nprint('last')");
    assertCut(r, "first\nxxx", "xxx\nlast");
    assertThat(String.valueOf(r.getData()))
        .contains("skipped " + (6 + 3000L * 1_000_001 + 5 - KEPT) + " bytes");
    System.out.printf("3 GB Python print: %d ms%n", (System.nanoTime() - started) / 1_000_000);
    Results next = run(py, Language.PYTHON, "1 + 1");
    assertThat(next.getData()).isEqualTo("2");
    assertThat(next.getTruncated()).isNotEqualTo(true);
  }

  @Test
  void aLargeScalaPrintIsCutAndTheContextKeepsWorking() throws Exception {
    String scala = context(Language.SCALA);
    Results r =
        hugePrint(
            scala,
            Language.SCALA,
            "{ val s = \"y\" * 1000000; println(\"first\"); for (i <- 1 to 1000) println(s);"
                + " println(\"last\") }");
    assertCut(r, "first\nyyy", "yyy\nlast");
    assertThat(String.valueOf(run(scala, Language.SCALA, "val n = 20 + 22").getData()))
        .contains("n: Int = 42");
  }

  @Test
  void settingsThatWouldOpenTheClusterAreRefusedByName() throws Exception {
    CreateCluster noAuth = spec();
    Map<String, String> conf = new LinkedHashMap<>(noAuth.getSparkConf());
    conf.put("spark.authenticate", "false");
    assertThatThrownBy(() -> admin.clusters().create(noAuth.setSparkConf(conf)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("spark.authenticate");
    assertThatThrownBy(
            () ->
                admin
                    .clusters()
                    .create(spec().setSparkEnvVars(Map.of("SPARK_LOCAL_IP", "0.0.0.0"))))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("SPARK_LOCAL_IP");

    CreateCluster running = spec();
    Map<String, String> open = new LinkedHashMap<>(running.getSparkConf());
    open.put("spark.driver.bindAddress", "0.0.0.0");
    assertThatThrownBy(
            () ->
                admin
                    .clusters()
                    .edit(
                        new EditCluster()
                            .setClusterId(clusterId)
                            .setClusterName(running.getClusterName())
                            .setSparkVersion(running.getSparkVersion())
                            .setNodeTypeId(running.getNodeTypeId())
                            .setNumWorkers(0L)
                            .setAutoterminationMinutes(0L)
                            .setSparkConf(open)))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("spark.driver.bindAddress");
    assertThat(admin.clusters().get(clusterId).getState()).isEqualTo(State.RUNNING);
    assertThat(admin.clusters().get(clusterId).getSparkConf())
        .doesNotContainKey("spark.driver.bindAddress");

    // The user's ordinary setting reached the cluster's session.
    String py = context(Language.PYTHON);
    assertThat(run(py, Language.PYTHON, "spark.conf.get('spark.sql.shuffle.partitions')").getData())
        .isEqualTo("'7'");
  }
}
