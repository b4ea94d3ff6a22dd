package dev.kiln.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The same Spark processes as a Kiln cluster, started by hand with plain {@code java -cp}: a
 * Master; once it is leader, N Workers and a {@link BareDriver} together. Every JVM, executors
 * included, carries {@code -Dkiln.bench=<tag>}, so all of them can be found and stopped by pid.
 */
final class BareCluster implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofMinutes(4);
  private static final String MASTER_MAIN = "org.apache.spark.deploy.master.Master";
  private static final String WORKER_MAIN = "org.apache.spark.deploy.worker.Worker";
  private static final String EXECUTOR_MAIN =
      "org.apache.spark.executor.CoarseGrainedExecutorBackend";

  private final Path runtime;
  private final Path work;
  private final int workers;
  private final String tag = "-Dkiln.bench=" + UUID.randomUUID();
  private final List<Process> processes = new ArrayList<>();

  /** Moments seen in the processes' output, in ms after the start. */
  private final Map<String, Long> at = new ConcurrentHashMap<>();

  private final AtomicInteger registeredWorkers = new AtomicInteger();
  private final Deque<String> lastLines = new ArrayDeque<>();

  /** The driver's answers to {@link #sql}. */
  private final BlockingQueue<String> results = new LinkedBlockingQueue<>();

  private Process driver;
  private long start;

  /**
   * @param work an empty folder for the Workers' work dirs and the driver's class
   */
  BareCluster(Path runtime, Path work, int workers) {
    this.runtime = runtime;
    this.work = work;
    this.workers = workers;
  }

  /** Starts the processes; the moments of the start, in ms after launching the Master. */
  Map<String, Long> start() throws IOException, InterruptedException {
    Path classes = driverClasses();
    int port = freePort();
    String masterUrl = "spark://127.0.0.1:" + port;
    start = System.nanoTime();
    launch(
        "master",
        List.of(
            "-Dspark.master.rest.enabled=false",
            MASTER_MAIN,
            "--host",
            "127.0.0.1",
            "--port",
            Integer.toString(port),
            "--webui-port",
            "0"),
        null);
    await("Master up");
    for (int i = 0; i < workers; i++) {
      Path dir = Files.createDirectories(work.resolve("worker-" + i));
      launch(
          "worker-" + i,
          List.of(
              WORKER_MAIN,
              "--host",
              "127.0.0.1",
              "--cores",
              "1",
              "--memory",
              "1536m",
              "--work-dir",
              dir.toString(),
              masterUrl),
          null);
    }
    List<String> driver = new ArrayList<>(jvmOptions());
    driver.addAll(
        List.of(BareDriver.class.getName(), masterUrl, Integer.toString(workers), tagValue()));
    this.driver = launch("driver", driver, classes);
    at.put("Workers and driver started", sinceMs());
    await("Workers registered");
    await("SparkSession up");
    at.put("ready", Math.max(at.get("Workers registered"), at.get("SparkSession up")));
    await("executors registered");
    Map<String, Long> moments = new LinkedHashMap<>();
    for (String name :
        List.of(
            "Master up",
            "Workers and driver started",
            "SparkSession up",
            "Workers registered",
            "ready",
            "executors registered")) {
      moments.put(name, at.get(name));
    }
    return moments;
  }

  /** The resident memory of every process. */
  ClusterMemory memory() {
    ClusterMemory memory = new ClusterMemory();
    Map<Long, List<String>> procs = Machine.processesWith(tag);
    for (String[] part :
        new String[][] {
          {MASTER_MAIN, "Master"},
          {BareDriver.class.getName(), "driver"},
          {WORKER_MAIN, "Workers"},
          {EXECUTOR_MAIN, "executors"}
        }) {
      procs.forEach(
          (pid, args) -> {
            if (args.contains(part[0])) {
              memory.add(part[1], pid);
            }
          });
    }
    return memory;
  }

  /** SIGTERM to every process at once; ms until all of them, executors included, are gone. */
  long stop() throws InterruptedException {
    long stopStart = System.nanoTime();
    List<Long> pids = new ArrayList<>(Machine.processesWith(tag).keySet());
    pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy));
    long deadline = stopStart + TIMEOUT.toNanos();
    while (!Machine.processesWith(tag).isEmpty()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("by-hand processes still running after " + TIMEOUT);
      }
      Thread.sleep(20);
    }
    return (System.nanoTime() - stopStart) / 1_000_000;
  }

  /** Kills by pid whatever is left, also after a failure. */
  @Override
  public void close() {
    Machine.processesWith(tag)
        .keySet()
        .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
    processes.forEach(Process::destroyForcibly);
  }

  /**
   * Runs {@code sql} {@code times} times in a row in the driver's SparkSession ({@code
   * spark.sql(sql).collect()}); the time of each run in ns, as the driver measured it.
   */
  long[] sql(String sql, int times, Duration timeout) throws IOException, InterruptedException {
    OutputStream in = driver.getOutputStream();
    in.write((times + "\t" + sql.replace('\n', ' ') + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    String answer = results.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    if (answer == null || answer.startsWith("ERROR")) {
      throw new IllegalStateException(
          "by hand: " + (answer == null ? "no answer after " + timeout : answer) + " for " + sql);
    }
    return Arrays.stream(answer.split(",")).mapToLong(Long::parseLong).toArray();
  }

  private Process launch(String name, List<String> args, Path extraClasses) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add(tag);
    command.add("-cp");
    String cp = runtime.resolve("conf") + ":" + runtime.resolve("jars") + "/*";
    command.add(extraClasses == null ? cp : extraClasses + ":" + cp);
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("SPARK_HOME", runtime.toString());
    builder.environment().put("SPARK_SCALA_VERSION", "2.13");
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    Process p = builder.start();
    processes.add(p);
    Thread reader = new Thread(() -> watch(name, p.getInputStream()), "bench-" + name);
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  /** Reads one process's output and notes the moments the benchmark waits for. */
  private void watch(String name, InputStream output) {
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        long now = sinceMs();
        if (line.contains("I have been elected leader")) {
          at.putIfAbsent("Master up", now);
        } else if (line.contains("Registering worker")
            && registeredWorkers.incrementAndGet() == workers) {
          at.putIfAbsent("Workers registered", now);
        } else if (line.equals("SESSION")) {
          at.putIfAbsent("SparkSession up", now);
        } else if (line.equals("EXECUTORS")) {
          at.putIfAbsent("executors registered", now);
        } else if (line.startsWith("RESULT ")) {
          results.add(line.substring("RESULT ".length()));
          continue;
        }
        synchronized (lastLines) {
          lastLines.addLast(name + ": " + line);
          if (lastLines.size() > 30) {
            lastLines.removeFirst();
          }
        }
      }
    } catch (IOException e) {
      // The process ended.
    }
  }

  private void await(String moment) throws InterruptedException {
    long deadline = start + TIMEOUT.toNanos();
    while (!at.containsKey(moment)) {
      boolean died = processes.stream().anyMatch(p -> !p.isAlive());
      if (died || System.nanoTime() > deadline) {
        String lines;
        synchronized (lastLines) {
          lines = String.join("\n", lastLines);
        }
        throw new IllegalStateException(
            "by hand: no '" + moment + "'" + (died ? " (a process exited)" : "") + ":\n" + lines);
      }
      Thread.sleep(5);
    }
  }

  /** BareDriver's class file, copied out of the benchmark's jar into a classpath folder. */
  private Path driverClasses() throws IOException {
    Path dir = work.resolve("classes");
    String resource = BareDriver.class.getName().replace('.', '/') + ".class";
    Path file = dir.resolve(resource);
    Files.createDirectories(file.getParent());
    try (InputStream in = BareDriver.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException(resource + " is not on the benchmark's classpath");
      }
      Files.copy(in, file);
    }
    return dir;
  }

  /** The driver JVM's flags (add-opens and the like) from the runtime's jvm.options. */
  private List<String> jvmOptions() throws IOException {
    return Files.readAllLines(runtime.resolve("jvm.options")).stream()
        .map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .toList();
  }

  private String tagValue() {
    return tag.substring(tag.indexOf('=') + 1);
  }

  private long sinceMs() {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
