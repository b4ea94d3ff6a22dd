package dev.kiln.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * One autoscaling cluster (1..2 workers) and a backlog of slow tasks: how long from the backlog to
 * the decision and to the new executor, and from the end of the work to the worker's release.
 */
final class AutoscalingRun {
  private static final Duration TIMEOUT = Duration.ofMinutes(6);
  private final Api api;

  AutoscalingRun(Api api) {
    this.api = api;
  }

  List<Row> run() throws Exception {
    String id =
        api.post(
                "/api/2.1/clusters/create",
                "{\"cluster_name\":\"bench-autoscale-"
                    + UUID.randomUUID().toString().substring(0, 8)
                    + "\",\"spark_version\":\""
                    + KilnCluster.RUNTIME
                    + "\",\"node_type_id\":\""
                    + KilnCluster.NODE_TYPE
                    + "\",\"autoscale\":{\"min_workers\":1,\"max_workers\":2},"
                    + "\"autotermination_minutes\":0}")
            .get("cluster_id")
            .asText();
    try {
      await(() -> cluster(id), c -> c.path("state").asText().equals("RUNNING"));
      String context =
          api.post(
                  "/api/1.2/contexts/create",
                  "{\"clusterId\":\"" + id + "\",\"language\":\"scala\"}")
              .get("id")
              .asText();
      await(
          () -> api.get("/api/1.2/contexts/status?clusterId=" + id + "&contextId=" + context),
          s -> s.path("status").asText().equals("Running"));
      long start = System.nanoTime();
      String command =
          api.post(
                  "/api/1.2/commands/execute",
                  "{\"clusterId\":\""
                      + id
                      + "\",\"contextId\":\""
                      + context
                      + "\",\"language\":\"scala\",\"command\":\"sc.parallelize(1 to 16, 16)"
                      + ".map { i => Thread.sleep(5000); i }.sum\"}")
              .get("id")
              .asText();
      long decided = awaitMs(start, () -> cluster(id), c -> c.path("num_workers").asInt() == 2);
      long executors = awaitMs(start, () -> executors(id), n -> n.asInt() >= 2);
      await(
          () ->
              api.get(
                  "/api/1.2/commands/status?clusterId="
                      + id
                      + "&contextId="
                      + context
                      + "&commandId="
                      + command),
          s -> s.path("status").asText().equals("Finished"));
      long idle = System.nanoTime();
      long shrunk = awaitMs(idle, () -> cluster(id), c -> c.path("num_workers").asInt() == 1);
      long released = awaitMs(idle, () -> executors(id), n -> n.asInt() <= 1);
      String details =
          "Backlog: 16 tasks of 5 s on 1 worker of 1 slot. From `commands/execute`: the"
              + " decision (`num_workers` 2) and the new executor registered (Spark UI REST API"
              + " through Kiln's proxy). Idle: from the command finishing, the decision"
              + " (`num_workers` 1, after the 60 s idle window) and the executor gone (the worker"
              + " decommissioned, then stopped).";
      return List.of(
          Row.of(
              Section.POOLS,
              "autoscaling up: backlog to decision / new executor running",
              Runs.seconds((double) decided) + " / " + Runs.seconds((double) executors),
              "-",
              "-",
              "-",
              details),
          Row.of(
              Section.POOLS,
              "autoscaling down: idle to decision / worker released",
              Runs.seconds((double) shrunk) + " / " + Runs.seconds((double) released),
              "-",
              "-",
              "-",
              "Idle window 60 s (`compute.autoscale_idle_seconds`)."));
    } finally {
      api.post("/api/2.1/clusters/delete", "{\"cluster_id\":\"" + id + "\"}");
      await(() -> cluster(id), c -> c.path("state").asText().equals("TERMINATED"));
    }
  }

  private JsonNode cluster(String id) {
    return api.get("/api/2.1/clusters/get?cluster_id=" + id);
  }

  /** The executors registered with the cluster's driver (the driver itself not counted). */
  private JsonNode executors(String id) {
    try {
      JsonNode apps = api.get("/driver-proxy/" + id + "/api/v1/applications");
      if (apps.size() == 0) {
        return com.fasterxml.jackson.databind.node.IntNode.valueOf(0);
      }
      JsonNode all =
          api.get(
              "/driver-proxy/"
                  + id
                  + "/api/v1/applications/"
                  + apps.get(0).path("id").asText()
                  + "/executors");
      int n = 0;
      for (JsonNode e : all) {
        if (!e.path("id").asText().equals("driver")) {
          n++;
        }
      }
      return com.fasterxml.jackson.databind.node.IntNode.valueOf(n);
    } catch (RuntimeException e) {
      return com.fasterxml.jackson.databind.node.IntNode.valueOf(-1);
    }
  }

  private interface Call {
    JsonNode get();
  }

  private static JsonNode await(Call call, Predicate<JsonNode> done) throws InterruptedException {
    long start = System.nanoTime();
    awaitMs(start, call, done);
    return call.get();
  }

  private static long awaitMs(long start, Call call, Predicate<JsonNode> done)
      throws InterruptedException {
    while (true) {
      if (done.test(call.get())) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      if (System.nanoTime() - start > TIMEOUT.toNanos()) {
        throw new IllegalStateException("not done within " + TIMEOUT);
      }
      Thread.sleep(100);
    }
  }
}
