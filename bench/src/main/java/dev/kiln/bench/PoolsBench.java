package dev.kiln.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Cluster start from an instance pool against a cold start, side by side in one run (runs
 * alternate), for 1 and 2 workers; and how fast an autoscaling cluster reacts to a backlog and to
 * idleness.
 */
final class PoolsBench implements Benchmark {
  private static final int RUNS = 3;
  private static final List<Integer> WORKERS = List.of(1, 2);
  private static final Duration WARM = Duration.ofMinutes(5);
  private static final long CONTEXT_POLL_MS = 10;

  @Override
  public String name() {
    return "pools";
  }

  @Override
  public Section section() {
    return Section.POOLS;
  }

  @Override
  public List<Row> run(Context context) throws Exception {
    Path runtime = context.options().runtimeDir();
    if (!Files.isRegularFile(runtime.resolve("runtime.json"))) {
      return List.of(Row.missing(Section.POOLS, "pools", "no Kiln Runtime at " + runtime));
    }
    List<Row> rows = new ArrayList<>();
    String loadBefore = Machine.loadAverage();
    for (int workers : WORKERS) {
      rows.addAll(compare(context, workers));
    }
    rows.addAll(new AutoscalingRun(context.api()).run());
    rows.add(
        Row.of(
            Section.POOLS,
            "machine load (1 / 5 / 15 min averages)",
            "-",
            "-",
            "-",
            "-",
            "before " + loadBefore + ", after " + Machine.loadAverage()));
    return rows;
  }

  private List<Row> compare(Context context, int workers) throws Exception {
    Api api = context.api();
    int instances = workers + 1;
    String pool =
        api.post(
                "/api/2.0/instance-pools/create",
                "{\"instance_pool_name\":\"bench-"
                    + UUID.randomUUID().toString().substring(0, 8)
                    + "\",\"node_type_id\":\""
                    + KilnCluster.NODE_TYPE
                    + "\",\"min_idle_instances\":"
                    + instances
                    + ",\"max_capacity\":"
                    + instances
                    + ",\"idle_instance_autotermination_minutes\":60,"
                    + "\"preloaded_spark_versions\":[\""
                    + KilnCluster.RUNTIME
                    + "\"]}")
            .get("instance_pool_id")
            .asText();
    Runs fromPool = new Runs();
    Runs cold = new Runs();
    Runs warmUp = new Runs();
    Map<String, Runs> firstFromPool = new LinkedHashMap<>();
    Map<String, Runs> firstCold = new LinkedHashMap<>();
    try {
      for (int run = 0; run < RUNS; run++) {
        System.err.printf(Locale.ROOT, "kiln bench: pools, %d worker(s), run %d%n", workers, run);
        warmUp.add(awaitIdle(api, pool, instances));
        try (KilnCluster c = new KilnCluster(api, context.server().home(), workers, pool)) {
          Map<String, Long> at = c.start();
          fromPool.add(at.get("RUNNING"));
          firstContexts(api, c.id(), firstFromPool);
          c.stop();
        }
        try (KilnCluster c = new KilnCluster(api, context.server().home(), workers)) {
          cold.add(c.start().get("RUNNING"));
          firstContexts(api, c.id(), firstCold);
          c.stop();
        }
      }
    } finally {
      api.post("/api/2.0/instance-pools/delete", "{\"instance_pool_id\":\"" + pool + "\"}");
    }
    String n = workers + (workers == 1 ? " worker" : " workers");
    double ratio = cold.median() / fromPool.median();
    boolean met = fromPool.median() < 2000 && ratio >= 5;
    List<Row> rows = new ArrayList<>();
    firstFromPool.forEach(
        (language, pooled) ->
            rows.add(
                Row.of(
                    Section.POOLS,
                    "first " + language + " command on a new cluster, " + n,
                    pooled.summary(),
                    firstCold.get(language).summary(),
                    String.format(
                        Locale.ROOT,
                        "%.1fx faster",
                        firstCold.get(language).median() / pooled.median()),
                    "-",
                    "Right after RUNNING, as a notebook's first cell: `contexts/create` until"
                        + " Running, then `commands/execute` of `spark.range(100).count()` until"
                        + " Finished (both polled every "
                        + CONTEXT_POLL_MS
                        + " ms), the cluster's first context of that language. The pool preloads"
                        + " the runtime (`preloaded_spark_versions`), so its instances ran a first"
                        + " command in each language's interpreter while warming up.")));
    rows.add(
        0,
        Row.of(
            Section.POOLS,
            "create to RUNNING, " + n,
            fromPool.summary(),
            cold.summary(),
            String.format(Locale.ROOT, "%.1fx faster", ratio),
            "< 2 s and >= 5x faster: " + (met ? "met" : "MISSED"),
            "`clusters/create` to `clusters/get` saying RUNNING (every worker's executor"
                + " registered), polled every 100 ms. From the pool: a cluster with"
                + " `instance_pool_id` taking "
                + instances
                + " warm idle instances; the pool refills between runs (a new instance was warm"
                + " "
                + Runs.seconds(warmUp.median())
                + " (median) after the previous cluster ended). Cold: the same cluster with"
                + " `node_type_id`."));
    return rows;
  }

  /**
   * Times the cluster's first command in each language, as a notebook's first cell: its context
   * created, then the command run; in {@code into}.
   */
  private static void firstContexts(Api api, String clusterId, Map<String, Runs> into)
      throws InterruptedException {
    KilnCommands commands = new KilnCommands(api, clusterId);
    for (String language : List.of("scala", "python")) {
      KilnCommands.Created created = commands.createContext(language, CONTEXT_POLL_MS);
      KilnCommands.Run run =
          commands.run(created.id(), language, "spark.range(100).count()", CONTEXT_POLL_MS);
      into.computeIfAbsent(language, k -> new Runs())
          .add((created.nanos() + run.nanos()) / 1_000_000);
      commands.destroyContext(created.id());
    }
  }

  /** Waits until the pool has {@code n} warm idle instances; returns how long that took. */
  private static long awaitIdle(Api api, String pool, int n) throws InterruptedException {
    long start = System.nanoTime();
    while (true) {
      JsonNode p = api.get("/api/2.0/instance-pools/get?instance_pool_id=" + pool);
      if (p.path("stats").path("idle_count").asInt() >= n) {
        return (System.nanoTime() - start) / 1_000_000;
      }
      if (System.nanoTime() - start > WARM.toNanos()) {
        throw new IllegalStateException("pool " + pool + " not warm after " + WARM + ": " + p);
      }
      Thread.sleep(200);
    }
  }
}
