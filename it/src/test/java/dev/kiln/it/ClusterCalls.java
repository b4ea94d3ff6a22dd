package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ClusterEvent;
import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.ContextStatus;
import com.databricks.sdk.service.compute.CreateCluster;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.DestroyContext;
import com.databricks.sdk.service.compute.EventType;
import com.databricks.sdk.service.compute.GetEvents;
import com.databricks.sdk.service.compute.GetEventsOrder;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.Results;
import dev.kiln.server.compute.LocalCompute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;

/** Shared steps of the cluster tests: small specs, waits, events, and the leak check. */
public final class ClusterCalls {
  static final String RUNTIME = "1.0.x-scala2.13";
  static final String SMALL = "kiln-1c-2g";
  static final Duration START = Duration.ofMinutes(3);

  private ClusterCalls() {}

  static CreateCluster small(String name, long workers) {
    return new CreateCluster()
        .setClusterName(name + "-" + UUID.randomUUID().toString().substring(0, 6))
        .setSparkVersion(RUNTIME)
        .setNodeTypeId(SMALL)
        .setNumWorkers(workers)
        .setAutoterminationMinutes(0L);
  }

  /** A Single Node cluster as Databricks clients ask for one: Spark runs in the driver. */
  static CreateCluster singleNode(String name) {
    return small(name, 0)
        .setSparkConf(
            Map.of("spark.databricks.cluster.profile", "singleNode", "spark.master", "local[*]"))
        .setCustomTags(Map.of("ResourceClass", "SingleNode"));
  }

  static ClusterDetails createRunning(WorkspaceClient w, CreateCluster spec) throws Exception {
    return w.clusters().create(spec).get(START);
  }

  /** Event types of a cluster, oldest first. */
  static List<EventType> eventTypes(WorkspaceClient w, String clusterId) {
    List<EventType> types = new ArrayList<>();
    for (ClusterEvent e :
        w.clusters().events(new GetEvents().setClusterId(clusterId).setOrder(GetEventsOrder.ASC))) {
      types.add(e.getType());
    }
    return types;
  }

  /** No process of the cluster is left: no node, and no executor its Workers forked. */
  static void assertNoProcessesLeft(String clusterId) {
    Awaitility.await("processes of " + clusterId + " to end")
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(() -> assertThat(LocalCompute.processesOf(clusterId)).isEmpty());
  }

  /** The node processes (not executors) of a cluster that are alive now. */
  static List<Long> nodeProcesses(String clusterId) {
    List<Long> nodes = new ArrayList<>();
    for (long pid : LocalCompute.processesOf(clusterId)) {
      try {
        String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"));
        if (cmdline.contains("dev.kiln.node.KilnNode")) {
          nodes.add(pid);
        }
      } catch (IOException e) {
        // ended meanwhile
      }
    }
    return nodes;
  }

  /** The pid of one node, found by its instance id. */
  static long pidOf(String instanceId) {
    return LocalCompute.processOf(instanceId).orElseThrow();
  }

  /** A new execution context of {@code language} on a running cluster (asserted RUNNING). */
  static String newContext(WorkspaceClient client, String clusterId, Language language)
      throws Exception {
    var created =
        client
            .commandExecution()
            .create(new CreateContext().setClusterId(clusterId).setLanguage(language))
            .get(START);
    assertThat(created.getStatus()).isEqualTo(ContextStatus.RUNNING);
    return created.getId();
  }

  /**
   * Terminates a test class's cluster and checks that none of its processes is left; kills what is
   * left whatever happens.
   */
  static void terminate(WorkspaceClient client, String clusterId) throws Exception {
    try {
      client.clusters().delete(clusterId).get(START);
      assertNoProcessesLeft(clusterId);
    } finally {
      killLeftovers(clusterId);
    }
  }

  /** Kills whatever a failed test left behind, by PID. */
  static void killLeftovers(String clusterId) {
    LocalCompute.processesOf(clusterId).forEach(LocalCompute::kill);
  }

  /**
   * Runs one command in a new context of {@code language} on a running cluster and destroys the
   * context; the command's results as a string (its data, or its error's cause).
   */
  static String runCommand(WorkspaceClient client, String clusterId, Language language, String code)
      throws Exception {
    CommandStatusResponse done = runInNewContext(client, clusterId, language, code);
    Results results = done.getResults();
    return results == null
        ? String.valueOf(done.getStatus())
        : results.getResultType() + ": " + results.getData() + results.getCause();
  }

  /** Runs one command in a new context of {@code language}, which it destroys after. */
  public static CommandStatusResponse runInNewContext(
      WorkspaceClient client, String clusterId, Language language, String code) throws Exception {
    String context =
        client
            .commandExecution()
            .create(new CreateContext().setClusterId(clusterId).setLanguage(language))
            .get(START)
            .getId();
    try {
      return execute(client, clusterId, context, language, code);
    } finally {
      client
          .commandExecution()
          .destroy(new DestroyContext().setClusterId(clusterId).setContextId(context));
    }
  }

  /** What a command that must succeed printed: asserted FINISHED, with no error. */
  static String output(CommandStatusResponse done) {
    Results r = done.getResults();
    assertThat(done.getStatus())
        .as("%s %s", r.getSummary(), r.getCause())
        .isEqualTo(CommandStatus.FINISHED);
    assertThat(r.getCause()).as("%s", r.getSummary()).isNull();
    return String.valueOf(r.getData());
  }

  /** Runs one command in a context and waits for its end. */
  static CommandStatusResponse execute(
      WorkspaceClient client, String clusterId, String context, Language language, String code)
      throws Exception {
    return client
        .commandExecution()
        .execute(
            new Command()
                .setClusterId(clusterId)
                .setContextId(context)
                .setLanguage(language)
                .setCommand(code))
        .get(START);
  }
}
