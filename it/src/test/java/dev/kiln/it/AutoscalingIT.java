package dev.kiln.it;

import static dev.kiln.it.ClusterCalls.START;
import static dev.kiln.it.ClusterCalls.assertNoProcessesLeft;
import static dev.kiln.it.ClusterCalls.small;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.compute.AutoScale;
import com.databricks.sdk.service.compute.ClusterDetails;
import com.databricks.sdk.service.compute.ClusterEvent;
import com.databricks.sdk.service.compute.Command;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.CreateContext;
import com.databricks.sdk.service.compute.EventDetailsCause;
import com.databricks.sdk.service.compute.EventType;
import com.databricks.sdk.service.compute.GetEvents;
import com.databricks.sdk.service.compute.GetEventsOrder;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.ResizeCluster;
import com.databricks.sdk.service.compute.State;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An autoscaling cluster (1 to 3 workers) under a synthetic workload of many slow tasks: it grows
 * in one step to 3, its range shrinks to 1..2 while the tasks run, the job finishes without one
 * failed task (workers leave by decommissioning), and once idle for the window it is back at 1.
 */
class AutoscalingIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long IDLE_SECONDS = 15;
  static TestServer server;
  static WorkspaceClient admin;

  @BeforeAll
  static void start() {
    server =
        TestServer.start(
            c ->
                c.withCompute(c.compute().withCapacity(16, 16000).withAutoscaling(1, IDLE_SECONDS)),
            java.time.Clock.systemUTC());
    admin = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void growsForABacklogShrinksWhenIdleAndNoTaskFails() throws Exception {
    ClusterDetails running =
        ClusterCalls.createRunning(
            admin,
            small("autoscale", 0)
                .setNumWorkers(null)
                .setAutoscale(new AutoScale().setMinWorkers(1L).setMaxWorkers(3L)));
    String id = running.getClusterId();
    try {
      assertThat(running.getExecutors()).hasSize(1);
      String context =
          admin
              .commandExecution()
              .create(new CreateContext().setClusterId(id).setLanguage(Language.SCALA))
              .get(START)
              .getId();
      // 24 tasks of 4 s on 1 slot: a backlog that 3 workers need.
      CompletableFuture<CommandStatusResponse> job =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return admin
                      .commandExecution()
                      .execute(
                          new Command()
                              .setClusterId(id)
                              .setContextId(context)
                              .setLanguage(Language.SCALA)
                              .setCommand(
                                  "sc.parallelize(1 to 24, 24).map { i => Thread.sleep(4000);"
                                      + " i }.sum.toLong"))
                      .get(Duration.ofMinutes(5));
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });

      ClusterDetails grown = await(id, c -> c.getState() == State.RUNNING && workers(c) == 3);
      assertThat(grown.getNumWorkers()).isEqualTo(3L);
      ClusterEvent up = autoscaleEvent(id, 3);
      assertThat(up.getDetails().getCurrentNumWorkers()).isEqualTo(1L);
      assertThat(eventTypes(id))
          .contains(EventType.UPSIZE_COMPLETED, EventType.AUTOSCALING_STATS_REPORT);

      // The range shrinks while the tasks run: a worker leaves, its task finishes first.
      admin
          .clusters()
          .resize(
              new ResizeCluster()
                  .setClusterId(id)
                  .setAutoscale(new AutoScale().setMinWorkers(1L).setMaxWorkers(2L)));
      await(id, c -> c.getState() == State.RUNNING && workers(c) == 2);

      CommandStatusResponse done = job.get();
      assertThat(done.getStatus()).isEqualTo(CommandStatus.FINISHED);
      assertThat(String.valueOf(done.getResults().getData())).contains("300");
      assertThat(failedTasks(id)).as("failed tasks").isZero();

      // Idle for the window: back to min_workers.
      ClusterDetails shrunk = await(id, c -> c.getNumWorkers() == 1 && workers(c) == 1);
      assertThat(shrunk.getNumWorkers()).isEqualTo(1L);
      assertThat(autoscaleEvent(id, 1).getDetails().getCurrentNumWorkers()).isEqualTo(2L);
    } finally {
      admin.clusters().delete(id).get(START);
      assertNoProcessesLeft(id);
    }
  }

  private static ClusterDetails await(String id, Predicate<ClusterDetails> condition) {
    return Awaitility.await("cluster " + id)
        .atMost(Duration.ofMinutes(4))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> admin.clusters().get(id), condition);
  }

  /** The cluster's worker nodes that are up. */
  private static int workers(ClusterDetails c) {
    return c.getExecutors() == null ? 0 : c.getExecutors().size();
  }

  private static List<EventType> eventTypes(String id) {
    List<EventType> types = new ArrayList<>();
    for (ClusterEvent e : events(id)) {
      types.add(e.getType());
    }
    return types;
  }

  private static Iterable<ClusterEvent> events(String id) {
    return admin.clusters().events(new GetEvents().setClusterId(id).setOrder(GetEventsOrder.ASC));
  }

  /** The autoscaling RESIZING event to {@code target} workers. */
  private static ClusterEvent autoscaleEvent(String id, long target) {
    for (ClusterEvent e : events(id)) {
      if (e.getType() == EventType.RESIZING
          && e.getDetails().getCause() == EventDetailsCause.AUTOSCALE
          && e.getDetails().getTargetNumWorkers() == target) {
        return e;
      }
    }
    throw new AssertionError("no autoscaling RESIZING event to " + target + " workers");
  }

  /** Failed tasks of every job of the cluster's application, from Spark's REST API. */
  private static long failedTasks(String id) throws Exception {
    String base = "/driver-proxy/" + id + "/api/v1/applications";
    JsonNode apps = JSON.readTree(server.call("GET", base, null).body());
    String app = apps.get(0).path("id").asText();
    JsonNode jobs = JSON.readTree(server.call("GET", base + "/" + app + "/jobs", null).body());
    long failed = 0;
    for (JsonNode j : jobs) {
      failed += j.path("numFailedTasks").asLong();
    }
    assertThat(jobs.size()).isPositive();
    return failed;
  }
}
