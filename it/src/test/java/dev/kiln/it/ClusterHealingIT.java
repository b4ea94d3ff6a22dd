package dev.kiln.it;

import static dev.kiln.it.ClusterCalls.START;
import static dev.kiln.it.ClusterCalls.assertNoProcessesLeft;
import static dev.kiln.it.ClusterCalls.eventTypes;
import static dev.kiln.it.ClusterCalls.pidOf;
import static dev.kiln.it.ClusterCalls.small;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ClusterLogConf;
import com.databricks.sdk.service.compute.DbfsStorageInfo;
import com.databricks.sdk.service.compute.EventType;
import com.databricks.sdk.service.compute.InitScriptInfo;
import com.databricks.sdk.service.compute.LocalFileInfo;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.compute.TerminationReasonCode;
import com.databricks.sdk.service.compute.WorkspaceStorageInfo;
import com.databricks.sdk.service.files.Put;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import dev.kiln.model.testing.TestClock;
import dev.kiln.server.compute.LocalCompute;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Clusters heal and end the way Databricks' do: a lost worker is replaced, a lost driver ends the
 * cluster, an idle cluster terminates itself, init scripts run (or fail the cluster), logs reach
 * DBFS. ({@link PlacementIT} covers clusters that do not fit on the host.)
 */
class ClusterHealingIT {
  private static final long HOST_MEMORY_MB = 9000;

  static final TestClock clock = TestClock.system();
  static TestServer server;
  static WorkspaceClient admin;
  private final List<String> clusters = new ArrayList<>();

  /**
   * A folder of this machine that nodes see ({@code file:} init scripts run in place, and write
   * their markers there): nodes see no test folder under {@code /tmp} nor Kiln's home, but DBFS.
   */
  static Path nodeVisible() throws java.io.IOException {
    return Files.createDirectories(server.config().dbfsRoot().resolve("node-visible"));
  }

  @BeforeAll
  static void start() {
    server =
        TestServer.start(c -> c.withCompute(c.compute().withCapacity(8, HOST_MEMORY_MB)), clock);
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
  void aLostWorkerIsReplacedAndALostDriverEndsTheCluster() throws Exception {
    ClusterDetails running = ClusterCalls.createRunning(admin, small("heal", 1));
    String id = running.getClusterId();
    clusters.add(id);
    String worker = running.getExecutors().iterator().next().getInstanceId();

    LocalCompute.kill(pidOf(worker));
    ClusterDetails healed =
        await(
            id,
            c ->
                c.getState() == State.RUNNING
                    && c.getExecutors() != null
                    && c.getExecutors().size() == 1
                    && !c.getExecutors().iterator().next().getInstanceId().equals(worker));
    assertThat(eventTypes(admin, id)).contains(EventType.NODES_LOST);
    assertThat(healed.getDriver().getInstanceId()).isEqualTo(running.getDriver().getInstanceId());

    LocalCompute.kill(pidOf(healed.getDriver().getInstanceId()));
    ClusterDetails ended = admin.clusters().waitGetClusterTerminated(id, START, null);
    assertThat(ended.getTerminationReason().getCode())
        .isEqualTo(TerminationReasonCode.DRIVER_UNREACHABLE);
    assertThat(eventTypes(admin, id)).contains(EventType.DRIVER_NOT_RESPONDING);
    assertNoProcessesLeft(id);
  }

  @Test
  void initScriptsRunEverywhereLogsReachDbfsAndIdleClustersTerminate() throws Exception {
    Path markers = Files.createDirectories(nodeVisible().resolve("markers"));
    String script =
        "#!/bin/bash\necho \"$DB_CLUSTER_ID $DB_IS_DRIVER\" >> " + markers + "/$1\necho ran\n";
    admin
        .workspace()
        .importContent(
            new Import()
                .setPath("/Shared/init-ws.sh")
                .setFormat(ImportFormat.AUTO)
                .setContent(base64(script.replace("$1", "workspace"))));
    admin
        .dbfs()
        .put(
            new Put()
                .setPath("/init/dbfs.sh")
                .setContents(base64(script.replace("$1", "dbfs")))
                .setOverwrite(true));
    Path local = nodeVisible().resolve("local.sh");
    Files.writeString(local, script.replace("$1", "file"));

    ClusterDetails running =
        ClusterCalls.createRunning(
            admin,
            small("init", 1)
                .setAutoterminationMinutes(10L)
                .setInitScripts(
                    List.of(
                        new InitScriptInfo()
                            .setWorkspace(
                                new WorkspaceStorageInfo().setDestination("/Shared/init-ws.sh")),
                        new InitScriptInfo()
                            .setDbfs(new DbfsStorageInfo().setDestination("dbfs:/init/dbfs.sh")),
                        new InitScriptInfo()
                            .setFile(new LocalFileInfo().setDestination("file:" + local))))
                .setClusterLogConf(
                    new ClusterLogConf()
                        .setDbfs(new DbfsStorageInfo().setDestination("dbfs:/cluster-logs"))));
    String id = running.getClusterId();
    clusters.add(id);
    for (String source : List.of("workspace", "dbfs", "file")) {
      assertThat(Files.readAllLines(markers.resolve(source)))
          .as("init script from %s ran on the driver and the worker", source)
          .containsExactlyInAnyOrder(id + " TRUE", id + " FALSE");
    }
    assertThat(eventTypes(admin, id))
        .containsSubsequence(
            EventType.CREATING,
            EventType.INIT_SCRIPTS_STARTED,
            EventType.INIT_SCRIPTS_FINISHED,
            EventType.RUNNING);

    clock.advance(Duration.ofMinutes(11));
    ClusterDetails idle = admin.clusters().waitGetClusterTerminated(id, START, null);
    assertThat(idle.getTerminationReason().getCode()).isEqualTo(TerminationReasonCode.INACTIVITY);
    assertThat(idle.getTerminationReason().getParameters())
        .containsEntry("inactivity_duration_min", "10");
    assertNoProcessesLeft(id);

    String driverLog = "/cluster-logs/" + id + "/driver/stderr";
    assertThat(admin.dbfs().getStatus(driverLog).getFileSize()).isPositive();
    assertThat(admin.dbfs().list("/cluster-logs/" + id + "/init_scripts").iterator().hasNext())
        .isTrue();
    assertThat(idle.getClusterLogStatus().getLastAttempted()).isPositive();
  }

  @Test
  void aFailingInitScriptEndsTheClusterAndKeepsItsOutput() throws Exception {
    Path failing = nodeVisible().resolve("fail.sh");
    Files.writeString(failing, "#!/bin/bash\necho about to fail\nexit 3\n");
    String id =
        admin
            .clusters()
            .create(
                small("init-fail", 0)
                    .setInitScripts(
                        List.of(
                            new InitScriptInfo()
                                .setFile(new LocalFileInfo().setDestination(failing.toString())))))
            .getResponse()
            .getClusterId();
    clusters.add(id);
    ClusterDetails failed = admin.clusters().waitGetClusterTerminated(id, START, null);
    assertThat(failed.getTerminationReason().getCode())
        .isEqualTo(TerminationReasonCode.INIT_SCRIPT_FAILURE);
    assertThat(failed.getStateMessage()).contains("fail.sh").contains("3");
    String listing =
        server.call("GET", "/api/2.1/clusters/logs/list?cluster_id=" + id, null).body();
    String logPath =
        listing.replaceAll("(?s).*\"path\":\"(logs/init_scripts/[^\"]*stdout[^\"]*)\".*", "$1");
    assertThat(
            server
                .call("GET", "/api/2.1/clusters/logs?cluster_id=" + id + "&path=" + logPath, null)
                .body())
        .contains("about to fail");
    assertNoProcessesLeft(id);
  }

  private static ClusterDetails await(String id, Predicate<ClusterDetails> condition) {
    return Awaitility.await("cluster " + id)
        .atMost(START)
        .pollInterval(Duration.ofMillis(500))
        .until(() -> admin.clusters().get(id), condition);
  }

  private static String base64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
