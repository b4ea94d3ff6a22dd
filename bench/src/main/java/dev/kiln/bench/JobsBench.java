package dev.kiln.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Jobs API on one warm Kiln cluster of 1 worker: how soon a run-now's notebook task starts and
 * ends, one run at a time, and 1,000 queued runs of one job drained through its {@code
 * max_concurrent_runs}, checked for lost, duplicated and failed runs.
 */
final class JobsBench implements Benchmark {
  static final String NOTEBOOK = "/Users/admin/bench-jobs/trivial";
  static final String NOTEBOOK_SOURCE = "# Databricks notebook source\nx = 1\n";
  private static final String JOBS = "/api/2.2/jobs";

  private static final int WARMUP = 5;
  private static final int RUNS = 50;
  private static final long POLL_MS = 10;

  static final int QUEUED = 1000;
  static final int MAX_CONCURRENT = 5;

  /** Client threads firing the run-nows, each on a connection of its own. */
  private static final int SUBMITTERS = 8;

  private static final long DRAIN_POLL_MS = 250;
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(40);

  @Override
  public String name() {
    return "jobs";
  }

  @Override
  public Section section() {
    return Section.JOBS;
  }

  @Override
  public List<Row> run(Context context) throws Exception {
    Path runtime = context.options().runtimeDir();
    if (!Files.isRegularFile(runtime.resolve("runtime.json"))) {
      return List.of(Row.missing(Section.JOBS, "jobs", "no Kiln Runtime at " + runtime));
    }
    String loadBefore = Machine.loadAverage();
    Api api = context.api();
    List<Row> rows = new ArrayList<>();
    try (KilnCluster kiln = new KilnCluster(api, context.server().home(), 1)) {
      System.err.println("kiln bench: jobs, starting a Kiln cluster");
      kiln.start();
      importNotebook(api);
      rows.add(runNowLatency(api, kiln.id()));
      rows.add(drain(context, kiln.id()));
      kiln.stop();
    }
    rows.add(
        Row.of(
            Section.JOBS,
            "machine load (1 / 5 / 15 min averages)",
            "-",
            "-",
            "before " + loadBefore + ", after " + Machine.loadAverage()));
    return rows;
  }

  private static void importNotebook(Api api) {
    api.post("/api/2.0/workspace/mkdirs", "{\"path\":\"/Users/admin/bench-jobs\"}");
    String content =
        Base64.getEncoder().encodeToString(NOTEBOOK_SOURCE.getBytes(StandardCharsets.UTF_8));
    api.post(
        "/api/2.0/workspace/import",
        "{\"path\":"
            + Api.quote(NOTEBOOK)
            + ",\"format\":\"SOURCE\",\"language\":\"PYTHON\",\"overwrite\":true,\"content\":\""
            + content
            + "\"}");
  }

  /** A job of one notebook task on the cluster; {@code 2.2} turns queueing on by default. */
  private static long createJob(Api api, String clusterId, String name, int maxConcurrent) {
    return api.post(
            JOBS + "/create",
            "{\"name\":"
                + Api.quote(name)
                + ",\"max_concurrent_runs\":"
                + maxConcurrent
                + ",\"tasks\":[{\"task_key\":\"trivial\",\"existing_cluster_id\":"
                + Api.quote(clusterId)
                + ",\"notebook_task\":{\"notebook_path\":"
                + Api.quote(NOTEBOOK)
                + "}}]}")
        .path("job_id")
        .asLong();
  }

  private static long runNow(Api api, long jobId) {
    return api.post(JOBS + "/run-now", "{\"job_id\":" + jobId + "}").path("run_id").asLong();
  }

  /** A python context alone on the same cluster, which every notebook task run creates. */
  private static String pythonContextMs(Api api, String clusterId) throws InterruptedException {
    KilnCommands commands = new KilnCommands(api, clusterId);
    List<Long> ms = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      KilnCommands.Created c = commands.createContext("python", 2);
      ms.add(c.nanos() / 1_000_000);
      commands.destroyContext(c.id());
    }
    ms.sort(null);
    return ms.get(1) + " ms";
  }

  /** One run-now as a client sees it, with the times the server recorded. */
  private record Timed(
      long runNowNanos,
      long toTaskStartMs,
      long toEndNanos,
      long setupMs,
      long executionMs,
      long taskEndToRunEndMs,
      String result) {}

  private static Row runNowLatency(Api api, String clusterId) throws InterruptedException {
    System.err.println("kiln bench: jobs, run-now latency");
    long job = createJob(api, clusterId, "bench-run-now", 1);
    List<Timed> warm = new ArrayList<>();
    for (int i = 0; i < WARMUP; i++) {
      warm.add(timedRun(api, job));
    }
    List<Timed> measured = new ArrayList<>();
    for (int i = 0; i < RUNS; i++) {
      measured.add(timedRun(api, job));
    }
    String pythonContext = pythonContextMs(api, clusterId);
    List<Timed> all = new ArrayList<>(warm);
    all.addAll(measured);
    long failed = all.stream().filter(t -> !t.result().equals("SUCCESS")).count();
    Latencies.Recorder call = new Latencies.Recorder();
    Latencies.Recorder toStart = new Latencies.Recorder();
    Latencies.Recorder toEnd = new Latencies.Recorder();
    Latencies.Recorder setup = new Latencies.Recorder();
    Latencies.Recorder execution = new Latencies.Recorder();
    Latencies.Recorder rollup = new Latencies.Recorder();
    for (Timed t : measured) {
      call.add(t.runNowNanos());
      toStart.add(t.toTaskStartMs() * 1_000_000);
      toEnd.add(t.toEndNanos());
      setup.add(t.setupMs() * 1_000_000);
      execution.add(t.executionMs() * 1_000_000);
      rollup.add(t.taskEndToRunEndMs() * 1_000_000);
    }
    Latencies start = Latencies.merge(List.of(toStart));
    Latencies end = Latencies.merge(List.of(toEnd));
    String result =
        "to task `start_time`: median "
            + start.percentileMs(0.5)
            + " ms, p99 "
            + start.percentileMs(0.99)
            + " ms; to the run TERMINATED: median "
            + end.percentileMs(0.5)
            + " ms, p99 "
            + end.percentileMs(0.99)
            + " ms ("
            + RUNS
            + " runs"
            + (failed == 0 ? "" : "; " + failed + " of " + all.size() + " runs NOT SUCCESS")
            + ")";
    return Row.of(
        Section.JOBS,
        "run-now to task start and to run end, warm existing cluster",
        result,
        "task start < 300 ms (median): "
            + (start.millis(0.5) < 300 ? "MET" : "MISSED")
            + "; run end < 300 ms (median): "
            + (end.millis(0.5) < 300 ? "MET" : "MISSED"),
        "A job of one notebook task (`x = 1`, Python) on an existing RUNNING cluster,"
            + " `max_concurrent_runs` 1, one run at a time after "
            + WARMUP
            + " warm-up runs. From sending `jobs/run-now` (client clock) to the task's"
            + " recorded `start_time` (server clock, same machine), and to `runs/get` (polled every "
            + POLL_MS
            + " ms) answering TERMINATED. Of that, medians: the run-now call "
            + Latencies.merge(List.of(call)).percentileMs(0.5)
            + " ms; task `setup_duration` (start to cluster checked RUNNING) "
            + Latencies.merge(List.of(setup)).percentileMs(0.5)
            + " ms; task `execution_duration` "
            + Latencies.merge(List.of(execution)).percentileMs(0.5)
            + " ms, which holds creating a python context on the driver (alone, right after the"
            + " runs: "
            + pythonContext
            + ", median of 3, `contexts/create` polled every 2 ms), running the cell and"
            + " destroying the context; task end to run"
            + " end "
            + Latencies.merge(List.of(rollup)).percentileMs(0.5)
            + " ms. A task's `start_time` is when the engine launches it, before its cluster,"
            + " context and command.");
  }

  private static Timed timedRun(Api api, long job) throws InterruptedException {
    long wallStart = System.currentTimeMillis();
    long start = System.nanoTime();
    long runId = runNow(api, job);
    long runNowNanos = System.nanoTime() - start;
    while (true) {
      JsonNode run = api.get(JOBS + "/runs/get?run_id=" + runId);
      long now = System.nanoTime();
      String life = run.path("state").path("life_cycle_state").asText();
      if (List.of("TERMINATED", "SKIPPED", "INTERNAL_ERROR").contains(life)) {
        JsonNode task = run.path("tasks").path(0);
        return new Timed(
            runNowNanos,
            task.path("start_time").asLong() - wallStart,
            now - start,
            task.path("setup_duration").asLong(),
            task.path("execution_duration").asLong(),
            run.path("end_time").asLong() - task.path("end_time").asLong(),
            run.path("state").path("result_state").asText(life));
      }
      if (now - start > RUN_TIMEOUT.toNanos()) {
        throw new IllegalStateException("run " + runId + " not ended after " + RUN_TIMEOUT);
      }
      Thread.sleep(POLL_MS);
    }
  }

  private static Row drain(Context context, String clusterId) throws Exception {
    System.err.println("kiln bench: jobs, " + QUEUED + " queued runs");
    Api api = context.api();
    long pid = context.server().pid();
    long job = createJob(api, clusterId, "bench-queue", MAX_CONCURRENT);
    JsonNode queue = api.get(JOBS + "/get?job_id=" + job).path("settings").path("queue");
    if (!queue.path("enabled").asBoolean(false)) {
      throw new IllegalStateException("a 2.2 job should queue by default, got queue " + queue);
    }
    double cpuBefore = Machine.cpuSeconds(pid);
    ConcurrentLinkedQueue<Long> ids = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<String> errors = new ConcurrentLinkedQueue<>();
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(SUBMITTERS);
    try {
      List<Future<?>> submitters = new ArrayList<>();
      for (int s = 0; s < SUBMITTERS; s++) {
        Api own = api.copy();
        submitters.add(
            pool.submit(
                () -> {
                  while (next.getAndIncrement() < QUEUED) {
                    try {
                      ids.add(runNow(own, job));
                    } catch (RuntimeException e) {
                      errors.add(e.getMessage());
                    }
                  }
                }));
      }
      for (Future<?> f : submitters) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
    long submitMs = (System.nanoTime() - start) / 1_000_000;
    System.err.printf(
        Locale.ROOT,
        "kiln bench: jobs, %d run-nows answered in %d ms (%d errors), draining%n",
        ids.size(),
        submitMs,
        errors.size());
    // Wait until no run of the job is active (queued, pending or running).
    long lastLog = System.nanoTime();
    boolean drained = false;
    while (System.nanoTime() - start < DRAIN_TIMEOUT.toNanos()) {
      JsonNode active = api.get(JOBS + "/runs/list?job_id=" + job + "&active_only=true&limit=1");
      if (active.path("runs").isEmpty()) {
        drained = true;
        break;
      }
      if (System.nanoTime() - lastLog > Duration.ofSeconds(30).toNanos()) {
        lastLog = System.nanoTime();
        System.err.printf(
            Locale.ROOT,
            "kiln bench: jobs, %d s in, runs still active%n",
            (lastLog - start) / 1_000_000_000);
      }
      Thread.sleep(DRAIN_POLL_MS);
    }
    long drainMs = (System.nanoTime() - start) / 1_000_000;
    double cpu = Machine.cpuSeconds(pid) - cpuBefore;
    long rssMib = Machine.rssKib(pid) / 1024;
    Tally tally = tally(api, job);
    Set<Long> submitted = new HashSet<>(ids);
    List<String> problems = new ArrayList<>();
    if (!errors.isEmpty()) {
      problems.add(errors.size() + " run-now calls failed (first: " + errors.peek() + ")");
    }
    if (submitted.size() != ids.size()) {
      problems.add("run-now answered " + (ids.size() - submitted.size()) + " duplicate run ids");
    }
    if (tally.runs() != QUEUED) {
      problems.add("the job has " + tally.runs() + " runs, not " + QUEUED);
    }
    if (tally.distinct() != tally.runs()) {
      problems.add("runs/list showed " + (tally.runs() - tally.distinct()) + " runs twice");
    }
    if (!tally.ids().equals(submitted)) {
      Set<Long> lost = new HashSet<>(submitted);
      lost.removeAll(tally.ids());
      Set<Long> extra = new HashSet<>(tally.ids());
      extra.removeAll(submitted);
      problems.add(lost.size() + " submitted runs not listed, " + extra.size() + " unknown listed");
    }
    long success = tally.states().getOrDefault("TERMINATED SUCCESS", 0);
    if (success != tally.runs()) {
      problems.add("results " + tally.states());
    }
    if (!drained) {
      problems.add("runs still active after " + DRAIN_TIMEOUT.toMinutes() + " min");
    }
    String verdict =
        problems.isEmpty()
            ? "all " + QUEUED + " SUCCESS, none lost or duplicated"
            : "FAILED: " + String.join("; ", problems);
    double throughput = tally.runs() / (Math.max(1, drainMs) / 1000.0);
    return Row.of(
        Section.JOBS,
        String.format(Locale.ROOT, "%,d queued one-task runs drained on one cluster", QUEUED),
        String.format(
            Locale.ROOT,
            "submitted in %.1f s (%.0f run-nows/s), drained in %.1f s: %.2f runs/s; server RSS"
                + " after %d MiB",
            submitMs / 1000.0,
            ids.size() / (submitMs / 1000.0),
            drainMs / 1000.0,
            throughput,
            rssMib),
        verdict,
        "A job of the same notebook task, `max_concurrent_runs` "
            + MAX_CONCURRENT
            + ", created through 2.2 (queueing on by default). "
            + SUBMITTERS
            + " client threads send the "
            + QUEUED
            + " `jobs/run-now`s as fast as they are answered; drained is from the first"
            + " run-now to `runs/list?active_only=true` answering none (polled every "
            + DRAIN_POLL_MS
            + " ms). Then every run of the job is listed (`runs/list`, 25 a page) and checked:"
            + " exactly the run ids run-now answered, each TERMINATED SUCCESS. Once admitted from"
            + " the queue a run took "
            + tally.admittedToEnd().percentileMs(0.5)
            + " ms (median; p99 "
            + tally.admittedToEnd().percentileMs(0.99)
            + " ms), of which its task's `execution_duration` (python context, cell, context"
            + " destroyed) "
            + tally.execution().percentileMs(0.5)
            + " ms. Server CPU for the"
            + String.format(Locale.ROOT, " whole: %.0f s", cpu)
            + String.format(Locale.ROOT, " (%.0f ms a run).", cpu * 1000 / QUEUED));
  }

  /**
   * Every run of a job as runs/list shows it, with the ms each run ran once admitted from the
   * queue, and its task's {@code execution_duration}.
   */
  private record Tally(
      int runs,
      int distinct,
      Set<Long> ids,
      Map<String, Integer> states,
      Latencies admittedToEnd,
      Latencies execution) {}

  private static Tally tally(Api api, long job) {
    Set<Long> ids = new HashSet<>();
    Map<String, Integer> states = new TreeMap<>();
    Latencies.Recorder admitted = new Latencies.Recorder();
    Latencies.Recorder execution = new Latencies.Recorder();
    int runs = 0;
    String token = null;
    do {
      JsonNode page =
          api.get(
              JOBS
                  + "/runs/list?job_id="
                  + job
                  + "&limit=25&expand_tasks=true"
                  + (token == null ? "" : "&page_token=" + Api.query(token)));
      for (JsonNode run : page.path("runs")) {
        runs++;
        ids.add(run.path("run_id").asLong());
        JsonNode state = run.path("state");
        states.merge(
            state.path("life_cycle_state").asText()
                + " "
                + state.path("result_state").asText("(none)"),
            1,
            Integer::sum);
        long ran = run.path("run_duration").asLong() - run.path("queue_duration").asLong();
        admitted.add(ran * 1_000_000);
        execution.add(run.path("tasks").path(0).path("execution_duration").asLong() * 1_000_000);
      }
      token = page.path("has_more").asBoolean(false) ? page.path("next_page_token").asText() : null;
    } while (token != null);
    return new Tally(
        runs,
        ids.size(),
        ids,
        states,
        Latencies.merge(List.of(admitted)),
        Latencies.merge(List.of(execution)));
  }
}
