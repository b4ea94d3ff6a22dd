package dev.kiln.bench;

import java.util.List;

/** The tables of BENCHMARKS.md, in order. */
@SuppressWarnings("ImmutableEnumChecker") // columns is a List.of, which is immutable
enum Section {
  LATENCY(
      "API latency and throughput",
      "Concurrent clients, each with its own keep-alive connection, call one endpoint in a loop"
          + " for a fixed time after a warm-up; latency is from sending a request to having read"
          + " its whole answer. CPU ms/req is the CPU time the server process (and the benchmark"
          + " process, its clients) used per request: on a shared 2-core machine it says more"
          + " than req/s, which other work on the machine lowers.",
      List.of(
          "benchmark",
          "load",
          "req/s",
          "p50 ms",
          "p90 ms",
          "p99 ms",
          "max ms",
          "requests",
          "errors",
          "server CPU ms/req",
          "client CPU ms/req",
          "measured")),
  TRANSFER(
      "DBFS transfer",
      "One file of random bytes, uploaded as one multipart `put` (streamed from disk) and through"
          + " `create`, 1 MiB `add-block`s and `close`, then downloaded by 1 MiB `read`s into a"
          + " file; `cp` of the same file on the same disk is the yardstick (median of 3). Goals:"
          + " multipart put at least half of cp's speed, blocks at least a quarter. The client is"
          + " the bench's own (`TransferClient`: HttpURLConnection with keep-alive, bodies"
          + " streamed at a fixed length, the next block encoded while one is sent); curl's"
          + " multipart put is a reference row where curl is installed. All paths first run untimed,"
          + " once on a 64 MiB file and then with 4 KiB blocks for 4 x `--warmup` seconds, and the"
          + " bench waits until the server is idle (at most 30 s): a fresh server's JIT compiling"
          + " is not what is measured."
          + " Uploads are"
          + " checked by size, the blocks upload and the download also against the source by"
          + " CRC32C (untimed). Server CPU is the CPU"
          + " time the server process used for the transfer.",
      List.of("benchmark", "MiB/s", "seconds", "vs cp", "goal", "server CPU s", "measured")),
  CLUSTERS(
      "Clusters",
      "Real Spark clusters of `kiln-1c-2g` nodes on runtime `1.0.x-scala2.13` (autotermination"
          + " 0), created through the API and timed by polling `clusters/get` every 100 ms, side by"
          + " side in the same run (runs alternate) with the same Spark processes started by hand"
          + " with plain `java -cp \"<runtime>/conf:<runtime>/jars/*\"`: a Master, then (once it"
          + " is elected leader) N Workers (`--cores 1 --memory 1536m`) and a driver JVM"
          + " (`BareDriver`: a SparkSession on the Master, `spark.executor.memory=1536m`) started"
          + " together. RUNNING is compared with the same readiness by hand: every Worker"
          + " registered (ALIVE) with the Master and the driver's SparkSession created, which is"
          + " what Kiln checks before RUNNING; executors registering with the driver come after"
          + " that in both. Stop is `clusters/delete` to TERMINATED against SIGTERM to every"
          + " process to all processes (executors included) gone. Times are median (min-max) of"
          + " the runs, from the create call or the first process start. Phases are medians,"
          + " Kiln's from its processes appearing in /proc and its driver node's log. RSS is VmRSS"
          + " of each process, idle, a few seconds after the executors registered.",
      List.of("benchmark", "Kiln", "by hand", "Kiln vs by hand", "details", "measured")),
  EXECUTION(
      "Command execution",
      "Command Execution API 1.2 on a Kiln cluster of 1 `kiln-1c-2g` worker (runtime"
          + " `1.0.x-scala2.13`, autotermination 0), side by side in the same run with the same"
          + " Spark processes started by hand as under Clusters (a Master, 1 Worker `--cores 1"
          + " --memory 1536m`, `BareDriver` with `spark.executor.memory=1536m`); both are up for"
          + " the whole run. Round trips are median and p99 of 200"
          + " runs on a warm context after 20 warm-up runs, timed by the benchmark as a client:"
          + " `commands/execute`, then `commands/status` polled every 2 ms until Finished. Goals:"
          + " Kiln adds under 20 ms to a round trip; the aggregation within 5% of plain Spark.",
      List.of("benchmark", "Kiln", "by hand", "Kiln vs by hand", "goal", "details", "measured")),
  SCHEDULING(
      "Job scheduling",
      "Schedule precision: when the job scheduler calls `ScheduledRuns.fire` for a due time, minus"
          + " that due time, over 1,000 jobs whose schedules are due at the same second, for 3"
          + " due times 10 s apart (`0/10 * * * * ?`; 3,000 fires), after the 1,000 schedules were"
          + " stored through `JobSchedules.put` in one transaction. The scheduler runs with its"
          + " default settings in the benchmark's JVM, on an H2 file store of its own"
          + " (`WRITE_DELAY=0`, as the server's), with its own thread waking at the due time."
          + " Once each fire writes a row (as the jobs side records a run, one statement and"
          + " commit per fire, in due order), once it only notes the time in memory: the"
          + " scheduler alone. It measures the scheduler up to the hand-off to the jobs side;"
          + " what a run costs after that (recording it, queueing it behind"
          + " `max_concurrent_runs`) is the Jobs section's drain.",
      List.of("benchmark", "median", "p99", "worst", "details", "measured")),
  POOLS(
      "Instance pools and autoscaling",
      "Clusters of `kiln-1c-2g` nodes on runtime `1.0.x-scala2.13` started from an instance pool"
          + " of warm instances and cold, alternating in one run. Autoscaling: a cluster with"
          + " `autoscale` 1..2 and the server's default policy (backlog 2 s, idle window 60 s)"
          + " gets a Scala command of many slow tasks; reaction times are from submitting the"
          + " command, and from the command finishing, polled every 100 ms.",
      List.of("benchmark", "from a pool", "cold", "pool vs cold", "goal", "details", "measured")),
  JOBS(
      "Jobs",
      "The Jobs API (2.2) on one Kiln cluster of 1 `kiln-1c-2g` worker (runtime `1.0.x-scala2.13`,"
          + " autotermination 0), RUNNING for the whole run: jobs of one notebook task (a Python"
          + " notebook of `x = 1`) on it as `existing_cluster_id`. Each notebook task run creates a"
          + " python context on the driver, runs its cell there and destroys the context. Runs"
          + " that do not end SUCCESS are counted in the row, not hidden.",
      List.of("benchmark", "result", "goal", "details", "measured")),
  SERVER(
      "Server start and memory",
      "Start is from launching `java -jar kiln-server.jar start` to the server answering"
          + " `/.well-known/databricks-config`. Memory is the server process's resident set"
          + " (VmRSS), with default JVM options.",
      List.of("benchmark", "value", "measured"));

  private final String title;
  private final String about;
  private final List<String> columns;

  Section(String title, String about, List<String> columns) {
    this.title = title;
    this.about = about;
    this.columns = columns;
  }

  String title() {
    return title;
  }

  String about() {
    return about;
  }

  List<String> columns() {
    return columns;
  }
}
