package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kiln clusters against the same Spark processes started by hand: time to RUNNING, to executors
 * registered, to TERMINATED, and memory per node, for 1 and 2 workers. Kiln and by-hand runs
 * alternate, so load from other work on the machine falls on both alike.
 */
final class ClustersBench implements Benchmark {
  private static final int RUNS = 3;
  private static final List<Integer> WORKERS = List.of(1, 2);

  /** Rest after the executors registered, before reading memory. */
  private static final long IDLE_MS = 5000;

  @Override
  public String name() {
    return "clusters";
  }

  @Override
  public Section section() {
    return Section.CLUSTERS;
  }

  @Override
  public List<Row> run(Context context) throws Exception {
    Path runtime = context.options().runtimeDir();
    if (!Files.isRegularFile(runtime.resolve("runtime.json"))) {
      return List.of(Row.missing(Section.CLUSTERS, "clusters", "no Kiln Runtime at " + runtime));
    }
    List<Row> rows = new ArrayList<>();
    String loadBefore = Machine.loadAverage();
    for (int workers : WORKERS) {
      rows.addAll(compare(context, runtime, workers));
    }
    rows.add(
        Row.of(
            Section.CLUSTERS,
            "machine load (1 / 5 / 15 min averages)",
            "-",
            "-",
            "-",
            "before " + loadBefore + ", after " + Machine.loadAverage()));
    return rows;
  }

  private List<Row> compare(Context context, Path runtime, int workers)
      throws IOException, InterruptedException {
    Phases kilnStart = new Phases();
    Phases kilnStop = new Phases();
    Phases bareStart = new Phases();
    Runs bareStop = new Runs();
    ClusterMemory kilnMemory = null;
    ClusterMemory bareMemory = null;
    for (int run = 0; run < RUNS; run++) {
      boolean last = run == RUNS - 1;
      System.err.printf(Locale.ROOT, "kiln bench: clusters, %d worker(s), run %d%n", workers, run);
      try (KilnCluster kiln = new KilnCluster(context.api(), context.server().home(), workers)) {
        add(kilnStart, kiln.start());
        if (last) {
          Thread.sleep(IDLE_MS);
          kilnMemory = kiln.memory();
        }
        add(kilnStop, kiln.stop());
      }
      Path work = Files.createDirectories(context.work().resolve("by-hand-" + workers + "-" + run));
      try (BareCluster bare = new BareCluster(runtime, work, workers)) {
        add(bareStart, bare.start());
        if (last) {
          Thread.sleep(IDLE_MS);
          bareMemory = bare.memory();
        }
        bareStop.add(bare.stop());
      }
    }
    String n = workers + (workers == 1 ? " worker" : " workers");
    Runs kilnRunning = kilnStart.get("RUNNING");
    Runs bareReady = bareStart.get("ready");
    Runs kilnExecutors = kilnStart.get("executors registered");
    Runs bareExecutors = bareStart.get("executors registered");
    Runs kilnTerminated = kilnStop.get("TERMINATED");
    return List.of(
        Row.of(
            Section.CLUSTERS,
            "create to RUNNING, " + n,
            kilnRunning.summary(),
            bareReady.summary(),
            Runs.overhead(kilnRunning, bareReady),
            "Kiln: `clusters/create` to `clusters/get` saying RUNNING. By hand: launching the"
                + " Master to the last of (all Workers registered, SparkSession created)."),
        Row.of(
            Section.CLUSTERS,
            "create to executors registered, " + n,
            kilnExecutors.summary(),
            bareExecutors.summary(),
            Runs.overhead(kilnExecutors, bareExecutors),
            "Kiln: executors listed by the driver's Spark UI REST API through Kiln's proxy"
                + " (polled after RUNNING). By hand: the driver's status tracker."),
        Row.of(
            Section.CLUSTERS,
            "start phases (medians), " + n,
            kilnStart.summary(),
            bareStart.summary(),
            "-",
            "Kiln: processes seen in /proc by their tag; Master and SparkSession from the driver"
                + " node's log. By hand: from the processes' output."),
        Row.of(
            Section.CLUSTERS,
            "delete to TERMINATED, " + n,
            kilnTerminated.summary(),
            bareStop.summary(),
            Runs.overhead(kilnTerminated, bareStop),
            "Kiln: `clusters/delete` to TERMINATED; its processes were gone after "
                + Runs.seconds(kilnStop.get("processes gone").median())
                + " (median). By hand: SIGTERM to every process to all of them gone."),
        Row.of(
            Section.CLUSTERS,
            "RSS idle, " + n,
            kilnMemory == null ? "-" : kilnMemory.summary(),
            bareMemory == null ? "-" : bareMemory.summary(),
            kilnMemory == null || bareMemory == null
                ? "-"
                : Runs.percent((double) kilnMemory.totalKib(), (double) bareMemory.totalKib()),
            "VmRSS " + IDLE_MS / 1000 + " s after the executors registered (last run)."));
  }

  private static void add(Phases phases, Map<String, Long> moments) {
    moments.forEach(phases::add);
  }
}
