package dev.kiln.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Command Execution 1.2 on a Kiln cluster of 1 worker against the same Spark processes started by
 * hand ({@link BareCluster}), both up for the whole run: round trips of {@code SELECT 1} and Python
 * {@code 1+1} on a warm context, context creation per language, and a TPC-H-like aggregation.
 */
final class ExecutionBench implements Benchmark {
  private static final int WARMUP = 20;
  private static final int RUNS = 200;

  /** Kiln and by-hand runs alternate in rounds of this many, so load falls on both alike. */
  private static final int ROUND = 50;

  private static final long POLL_MS = 2;
  private static final long AGGREGATION_POLL_MS = 20;
  private static final int CONTEXT_RUNS = 3;
  private static final int AGGREGATION_RUNS = 3;

  /** Rows of the calibrating aggregation; the measured one is sized to take about TARGET_MS. */
  private static final long CALIBRATION_ROWS = 20_000_000L;

  private static final long TARGET_MS = 7000;
  private static final Duration BY_HAND_TIMEOUT = Duration.ofMinutes(5);

  @Override
  public String name() {
    return "execution";
  }

  @Override
  public Section section() {
    return Section.EXECUTION;
  }

  @Override
  public List<Row> run(Context context) throws Exception {
    Path runtime = context.options().runtimeDir();
    if (!Files.isRegularFile(runtime.resolve("runtime.json"))) {
      return List.of(Row.missing(Section.EXECUTION, "execution", "no Kiln Runtime at " + runtime));
    }
    String loadBefore = Machine.loadAverage();
    List<Row> rows = new ArrayList<>();
    Path work = Files.createDirectories(context.work().resolve("execution-by-hand"));
    try (KilnCluster kiln = new KilnCluster(context.api(), context.server().home(), 1);
        BareCluster bare = new BareCluster(runtime, work, 1)) {
      System.err.println("kiln bench: execution, starting a Kiln cluster and one by hand");
      kiln.start();
      bare.start();
      KilnCommands commands = new KilnCommands(context.api(), kiln.id());
      rows.add(selectOne(commands, bare));
      rows.add(pythonOnePlusOne(commands, runtime));
      for (String language : List.of("sql", "python", "scala")) {
        rows.add(contextCreation(commands, language));
      }
      rows.add(aggregation(commands, bare));
      kiln.stop();
      bare.stop();
    }
    rows.add(
        Row.of(
            Section.EXECUTION,
            "machine load (1 / 5 / 15 min averages)",
            "-",
            "-",
            "-",
            "-",
            "before " + loadBefore + ", after " + Machine.loadAverage()));
    return rows;
  }

  private static Row selectOne(KilnCommands commands, BareCluster bare)
      throws IOException, InterruptedException {
    System.err.println("kiln bench: execution, SELECT 1");
    String context = commands.createContext("sql", POLL_MS).id();
    Probe kiln = new Probe();
    Latencies.Recorder byHand = new Latencies.Recorder();
    for (int i = 0; i < WARMUP; i++) {
      kiln.check(commands.run(context, "sql", "SELECT 1", POLL_MS), "[[1]]");
    }
    bare.sql("SELECT 1", WARMUP, BY_HAND_TIMEOUT);
    for (int done = 0; done < RUNS; done += ROUND) {
      for (int i = 0; i < ROUND; i++) {
        kiln.add(commands.run(context, "sql", "SELECT 1", POLL_MS));
      }
      Arrays.stream(bare.sql("SELECT 1", ROUND, BY_HAND_TIMEOUT)).forEach(byHand::add);
    }
    commands.destroyContext(context);
    return latencyRow(
        "`SELECT 1` round trip, warm sql context",
        kiln,
        Latencies.merge(List.of(byHand)),
        "By hand: `spark.sql(\"SELECT 1\").collect()` timed in the driver JVM (`BareDriver`) of"
            + " a Master + 1 Worker started by hand; runs alternate in rounds of "
            + ROUND
            + ".");
  }

  private static Row pythonOnePlusOne(KilnCommands commands, Path runtime)
      throws IOException, InterruptedException {
    System.err.println("kiln bench: execution, Python 1+1");
    String context = commands.createContext("python", POLL_MS).id();
    Probe kiln = new Probe();
    for (int i = 0; i < WARMUP; i++) {
      kiln.check(commands.run(context, "python", "1+1", POLL_MS), "2");
    }
    for (int i = 0; i < RUNS; i++) {
      kiln.add(commands.run(context, "python", "1+1", POLL_MS));
    }
    commands.destroyContext(context);
    return latencyRow(
        "Python `1+1` round trip, warm python context",
        kiln,
        plainPython(runtime),
        "By hand: a plain `python -c` loop (the runtime's venv Python) timing"
            + " `exec(compile(\"1+1\", ...))` after "
            + WARMUP
            + " warm-up runs: Python's own cost of the statement, without Spark; Kiln's column"
            + " is then nearly all Kiln.");
  }

  /** Nanoseconds of RUNS evaluations of 1+1 in a Python process of its own. */
  private static Latencies plainPython(Path runtime) throws IOException, InterruptedException {
    Path venv = runtime.resolve("python/venv/bin/python");
    String python = Files.isExecutable(venv) ? venv.toString() : "python3";
    String script =
        "import sys, time\n"
            + "out = []\n"
            + "for i in range("
            + (WARMUP + RUNS)
            + "):\n"
            + "    t = time.perf_counter_ns()\n"
            + "    exec(compile('1+1', '<command>', 'exec'), {})\n"
            + "    out.append(time.perf_counter_ns() - t)\n"
            + "print(','.join(str(n) for n in out["
            + WARMUP
            + ":]))\n";
    Process p = new ProcessBuilder(python, "-c", script).redirectErrorStream(true).start();
    String output;
    try {
      output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      if (p.waitFor() != 0) {
        throw new IllegalStateException(python + " failed: " + output);
      }
    } finally {
      p.destroyForcibly();
    }
    Latencies.Recorder recorder = new Latencies.Recorder();
    Arrays.stream(output.split(",")).mapToLong(Long::parseLong).forEach(recorder::add);
    return Latencies.merge(List.of(recorder));
  }

  private static Row latencyRow(String name, Probe kiln, Latencies byHand, String byHandDetails) {
    Latencies total = kiln.total();
    double median = total.millis(0.5) - byHand.millis(0.5);
    return Row.of(
        Section.EXECUTION,
        name,
        summary(total),
        summary(byHand),
        String.format(
            Locale.ROOT,
            "%+.1f ms median, %+.1f ms p99",
            median,
            total.millis(0.99) - byHand.millis(0.99)),
        "Kiln adds < 20 ms (median): " + (median < 20 ? "MET" : "MISSED"),
        "Kiln: `commands/execute`, then `commands/status` every "
            + POLL_MS
            + " ms (sleep between calls) until Finished, from sending execute to reading"
            + " Finished, after "
            + WARMUP
            + " warm-up runs. Of that: execute call "
            + Latencies.merge(List.of(kiln.execute)).percentileMs(0.5)
            + " ms, the last status call "
            + Latencies.merge(List.of(kiln.lastStatus)).percentileMs(0.5)
            + " ms (medians), "
            + kiln.medianPolls()
            + " status calls per command (median). "
            + byHandDetails);
  }

  private static String summary(Latencies l) {
    return "median "
        + l.percentileMs(0.5)
        + " ms, p99 "
        + l.percentileMs(0.99)
        + " ms ("
        + l.count()
        + " runs)";
  }

  private static Row contextCreation(KilnCommands commands, String language)
      throws InterruptedException {
    System.err.println("kiln bench: execution, " + language + " contexts");
    List<Long> millis = new ArrayList<>();
    for (int i = 0; i < CONTEXT_RUNS; i++) {
      KilnCommands.Created created = commands.createContext(language, POLL_MS);
      millis.add(created.nanos() / 1_000_000);
      commands.destroyContext(created.id());
    }
    List<Long> sorted = millis.stream().sorted().toList();
    return Row.of(
        Section.EXECUTION,
        "context creation, " + language,
        String.format(
            Locale.ROOT,
            "median %d ms (%d-%d ms, %d runs)",
            sorted.get(sorted.size() / 2),
            sorted.get(0),
            sorted.get(sorted.size() - 1),
            sorted.size()),
        "-",
        "-",
        "-",
        "`contexts/create`, then `contexts/status` every "
            + POLL_MS
            + " ms until Running; each context destroyed before the next is created.");
  }

  /** The same SQL on both sides, so both run the same plan on the same generated rows. */
  static String aggregationSql(long rows) {
    return "SELECT l_returnflag, l_linestatus, sum(l_quantity) AS sum_qty,"
        + " sum(l_extendedprice) AS sum_base_price,"
        + " sum(l_extendedprice * (1 - l_discount)) AS sum_disc_price,"
        + " avg(l_quantity) AS avg_qty, avg(l_discount) AS avg_disc, count(*) AS count_order"
        + " FROM (SELECT CAST(floor(rand(1) * 3) AS INT) AS l_returnflag,"
        + " CAST(floor(rand(2) * 2) AS INT) AS l_linestatus,"
        + " floor(rand(3) * 50) + 1 AS l_quantity, rand(4) * 100000 AS l_extendedprice,"
        + " rand(5) * 0.1 AS l_discount FROM range("
        + rows
        + "))"
        + " GROUP BY l_returnflag, l_linestatus ORDER BY l_returnflag, l_linestatus";
  }

  private static Row aggregation(KilnCommands commands, BareCluster bare)
      throws IOException, InterruptedException {
    System.err.println("kiln bench: execution, aggregation (calibrating)");
    String context = commands.createContext("sql", POLL_MS).id();
    // A first run on each side warms both; the by-hand one sizes the measured runs.
    commands.run(context, "sql", aggregationSql(CALIBRATION_ROWS), AGGREGATION_POLL_MS);
    long calibrationMs =
        bare.sql(aggregationSql(CALIBRATION_ROWS), 1, BY_HAND_TIMEOUT)[0] / 1000000;
    long rows =
        Math.max(
            10_000_000L,
            Math.round(CALIBRATION_ROWS * (double) TARGET_MS / Math.max(1, calibrationMs) / 1e7)
                * 10_000_000L);
    String sql = aggregationSql(rows);
    Runs kiln = new Runs();
    Runs byHand = new Runs();
    for (int i = 0; i < AGGREGATION_RUNS; i++) {
      System.err.printf(
          Locale.ROOT, "kiln bench: execution, aggregation of %d rows, run %d%n", rows, i);
      KilnCommands.Run run = commands.run(context, "sql", sql, AGGREGATION_POLL_MS);
      if (run.results().path("data").size() != 6) {
        throw new IllegalStateException("aggregation: expected 6 groups, got " + run.results());
      }
      kiln.add(run.nanos() / 1_000_000);
      byHand.add(bare.sql(sql, 1, BY_HAND_TIMEOUT)[0] / 1_000_000);
    }
    commands.destroyContext(context);
    double ratio = kiln.median() / byHand.median();
    return Row.of(
        Section.EXECUTION,
        String.format(Locale.ROOT, "TPC-H-like aggregation, %dM generated rows", rows / 1_000_000),
        kiln.summary(),
        byHand.summary(),
        String.format(Locale.ROOT, "ratio %.3f (%s)", ratio, Runs.overhead(kiln, byHand)),
        "within 5%: " + (Math.abs(ratio - 1) <= 0.05 ? "MET" : "MISSED"),
        "One SQL statement on both sides: `range(N)` to lineitem-like columns by `rand(seed)`,"
            + " grouped by 2 keys (6 groups) with sum/avg/count; 1 executor of 1 core and 1536m"
            + " on both. Kiln: SQL through `commands/execute`, polled every "
            + AGGREGATION_POLL_MS
            + " ms until Finished. By hand: `spark.sql(...).collect()` timed in `BareDriver`."
            + " Runs alternate, after one untimed run of "
            + CALIBRATION_ROWS / 1_000_000
            + "M rows on each side (the by-hand one took "
            + calibrationMs
            + " ms and sized N to about "
            + TARGET_MS / 1000
            + " s).");
  }

  /** Kiln's round trips of one statement. */
  private static final class Probe {
    private final Latencies.Recorder total = new Latencies.Recorder();
    private final Latencies.Recorder execute = new Latencies.Recorder();
    private final Latencies.Recorder lastStatus = new Latencies.Recorder();
    private final List<Integer> polls = new ArrayList<>();

    void add(KilnCommands.Run run) {
      total.add(run.nanos());
      execute.add(run.executeNanos());
      lastStatus.add(run.lastStatusNanos());
      polls.add(run.polls());
    }

    /** A warm-up run: not recorded, but its result must be {@code expected}. */
    void check(KilnCommands.Run run, String expected) {
      String data = run.results().path("data").toString().replace("\"", "");
      if (!data.equals(expected)) {
        throw new IllegalStateException("expected " + expected + ", got " + run.results());
      }
    }

    Latencies total() {
      return Latencies.merge(List.of(total));
    }

    int medianPolls() {
      return polls.stream().sorted().toList().get(polls.size() / 2);
    }
  }
}
