package dev.kiln.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One Kiln cluster of the clusters benchmark, driven through the API: created and timed to RUNNING
 * and to its executors registering, measured, deleted and timed to TERMINATED. Its processes are
 * found by the {@code -Dkiln.cluster=<id>} tag every node and executor carries.
 */
final class KilnCluster implements AutoCloseable {
  static final String RUNTIME = "1.0.x-scala2.13";
  static final String NODE_TYPE = "kiln-1c-2g";
  private static final long POLL_MS = 100;
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final String NODE_MAIN = "dev.kiln.node.KilnNode";
  private static final String EXECUTOR_MAIN =
      "org.apache.spark.executor.CoarseGrainedExecutorBackend";
  private static final DateTimeFormatter LOG_TIME =
      DateTimeFormatter.ofPattern("yy/MM/dd HH:mm:ss.SSS", Locale.ROOT);

  private final Api api;
  private final Path serverHome;
  private final int workers;
  private final String poolId;
  private String clusterId;
  private String driverInstance;
  private boolean terminated;

  KilnCluster(Api api, Path serverHome, int workers) {
    this(api, serverHome, workers, null);
  }

  /** A cluster whose nodes come from the instance pool {@code poolId} (null: started cold). */
  KilnCluster(Api api, Path serverHome, int workers, String poolId) {
    this.api = api;
    this.serverHome = serverHome;
    this.workers = workers;
    this.poolId = poolId;
  }

  /** The cluster's id, once {@link #start} created it. */
  String id() {
    return clusterId;
  }

  /** Creates the cluster; the moments of its start, in ms after the create call. */
  Map<String, Long> start() throws InterruptedException {
    Map<String, Long> at = new LinkedHashMap<>();
    long wallStart = System.currentTimeMillis();
    long start = System.nanoTime();
    String spec =
        "{\"cluster_name\":\"bench-"
            + UUID.randomUUID().toString().substring(0, 8)
            + "\",\"spark_version\":\""
            + RUNTIME
            + (poolId == null
                ? "\",\"node_type_id\":\"" + NODE_TYPE
                : "\",\"instance_pool_id\":\"" + poolId)
            + "\",\"num_workers\":"
            + workers
            + ",\"autotermination_minutes\":0}";
    clusterId = api.post("/api/2.1/clusters/create", spec).get("cluster_id").asText();
    String app = null;
    while (!at.containsKey("executors registered")) {
      long now = sinceMs(start);
      if (now > TIMEOUT.toMillis()) {
        throw new IllegalStateException("cluster " + clusterId + " not up after " + TIMEOUT);
      }
      if (!at.containsKey("RUNNING")) {
        JsonNode cluster = get();
        String state = cluster.path("state").asText();
        if (state.equals("RUNNING")) {
          at.put("RUNNING", sinceMs(start));
          driverInstance = cluster.path("driver").path("instance_id").asText();
        } else if (!state.equals("PENDING")) {
          throw new IllegalStateException(
              "cluster " + clusterId + " went " + state + ": " + cluster.path("state_message"));
        }
      } else {
        if (app == null) {
          app = applicationId().orElse(null);
        }
        if (app != null && registeredExecutors(app) >= workers) {
          at.put("executors registered", sinceMs(start));
        }
      }
      Map<Long, List<String>> procs = Machine.processesWith(tag());
      long nodes = procs.values().stream().filter(a -> a.contains(NODE_MAIN)).count();
      long executors = procs.values().stream().filter(a -> a.contains(EXECUTOR_MAIN)).count();
      if (nodes >= 1) {
        at.putIfAbsent("driver JVM started", now);
      }
      if (nodes >= 1 + workers) {
        at.putIfAbsent("Worker JVMs started", now);
      }
      if (executors >= workers) {
        at.putIfAbsent("executor JVMs started", now);
      }
      Thread.sleep(Math.max(0, POLL_MS - (sinceMs(start) - now)));
    }
    if (poolId == null) {
      driverLog("Master up at").ifPresent(t -> at.put("Master up", t - wallStart));
      driverLog("SparkSession up").ifPresent(t -> at.put("SparkSession up", t - wallStart));
    }
    return at;
  }

  /** The resident memory of every process of the cluster. */
  ClusterMemory memory() {
    ClusterMemory memory = new ClusterMemory();
    Map<Long, List<String>> procs = Machine.processesWith(tag());
    procs.forEach(
        (pid, args) -> {
          if (args.contains("-Dkiln.instance=" + driverInstance)) {
            memory.add("driver node (Master + driver)", pid);
          }
        });
    procs.forEach(
        (pid, args) -> {
          if (args.contains(NODE_MAIN) && !args.contains("-Dkiln.instance=" + driverInstance)) {
            memory.add("Worker nodes", pid);
          }
        });
    procs.forEach(
        (pid, args) -> {
          if (args.contains(EXECUTOR_MAIN)) {
            memory.add("executors", pid);
          }
        });
    return memory;
  }

  /** Deletes (terminates) the cluster; the moments of its end, in ms after the delete call. */
  Map<String, Long> stop() throws InterruptedException {
    Map<String, Long> at = new LinkedHashMap<>();
    long start = System.nanoTime();
    api.post("/api/2.1/clusters/delete", "{\"cluster_id\":\"" + clusterId + "\"}");
    while (!at.containsKey("TERMINATED")) {
      long now = sinceMs(start);
      if (now > TIMEOUT.toMillis()) {
        throw new IllegalStateException("cluster " + clusterId + " not ended after " + TIMEOUT);
      }
      if (Machine.processesWith(tag()).isEmpty()) {
        at.putIfAbsent("processes gone", now);
      }
      if (get().path("state").asText().equals("TERMINATED")) {
        at.put("TERMINATED", sinceMs(start));
      }
      Thread.sleep(Math.max(0, POLL_MS - (sinceMs(start) - now)));
    }
    terminated = true;
    return at;
  }

  /** After a failure: deletes the cluster, and kills by pid what it left running. */
  @Override
  public void close() {
    if (clusterId == null || terminated) {
      return;
    }
    try {
      api.post("/api/2.1/clusters/delete", "{\"cluster_id\":\"" + clusterId + "\"}");
    } catch (RuntimeException e) {
      System.err.println("kiln bench: could not delete " + clusterId + ": " + e);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!Machine.processesWith(tag()).isEmpty() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    Machine.processesWith(tag())
        .keySet()
        .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
  }

  private String tag() {
    return "-Dkiln.cluster=" + clusterId;
  }

  private JsonNode get() {
    return api.get("/api/2.1/clusters/get?cluster_id=" + clusterId);
  }

  /** The Spark application's id, from the driver's UI REST API through Kiln's proxy. */
  private Optional<String> applicationId() {
    try {
      JsonNode apps = api.get("/driver-proxy/" + clusterId + "/api/v1/applications");
      return apps.size() == 0 ? Optional.empty() : Optional.of(apps.get(0).path("id").asText());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private int registeredExecutors(String app) {
    try {
      JsonNode executors =
          api.get("/driver-proxy/" + clusterId + "/api/v1/applications/" + app + "/executors");
      int n = 0;
      for (JsonNode e : executors) {
        if (!e.path("id").asText().equals("driver")) {
          n++;
        }
      }
      return n;
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** When the driver node first logged a line containing {@code text}, as epoch ms. */
  private Optional<Long> driverLog(String text) {
    Path log =
        serverHome.resolve("clusters").resolve(clusterId).resolve(driverInstance + "/logs/stderr");
    try {
      for (String line : Files.readAllLines(log)) {
        if (line.contains(text) && line.length() > 21) {
          LocalDateTime t = LocalDateTime.parse(line.substring(0, 21), LOG_TIME);
          return Optional.of(t.atZone(ZoneId.systemDefault()).toInstant().toEpochMilli());
        }
      }
    } catch (IOException | RuntimeException e) {
      System.err.println("kiln bench: no time for '" + text + "' in " + log + ": " + e);
    }
    return Optional.empty();
  }

  private static long sinceMs(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
