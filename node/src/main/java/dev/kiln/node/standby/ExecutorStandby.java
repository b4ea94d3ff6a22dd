package dev.kiln.node.standby;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.spark.launcher.JavaModuleOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool instance's standby executor JVM, seen from its node: the launcher script its Worker runs
 * as {@code java} ({@code <nodeDir>/jdk/bin/java}; the control plane starts pool instances with
 * {@code JAVA_HOME} there), and the standby process ({@link StandbyMain}) that script hands the
 * executor launch to. Without a standby, or when it refuses a launch, the script runs the real
 * java: a standby only ever makes an executor start faster.
 */
public final class ExecutorStandby implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExecutorStandby.class);

  private final Process process;
  private final Path dir;

  private ExecutorStandby(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
  }

  /** Where the launcher's {@code bin/java} is: a pool instance's {@code JAVA_HOME}. */
  public static Path javaHome(Path nodeDir) {
    return nodeDir.resolve("jdk");
  }

  static Path standbyDir(Path nodeDir) {
    return nodeDir.resolve("standby");
  }

  /** Writes the launcher script; without a standby it only runs the real java. */
  public static void installLauncher(Path nodeDir) throws IOException {
    installLauncher(nodeDir, realJava());
  }

  /** For tests: a launcher whose fallback is another program. */
  static void installLauncher(Path nodeDir, Path realJava) throws IOException {
    Path standby = Files.createDirectories(standbyDir(nodeDir));
    Files.deleteIfExists(standby.resolve("ready"));
    String script;
    try (InputStream in = ExecutorStandby.class.getResourceAsStream("java.sh")) {
      script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    script =
        script
            .replace("@REAL_JAVA@", quote(realJava.toString()))
            .replace("@STANDBY_DIR@", quote(standby.toString()));
    Path bin = Files.createDirectories(javaHome(nodeDir).resolve("bin"));
    Path tmp = bin.resolve("java.tmp");
    Files.writeString(tmp, script);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.move(tmp, bin.resolve("java"), StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Starts a standby whose executors get {@code heapMb} of heap, with the executor class data
   * archive when there is one.
   *
   * @param tags process tags for its command line (e.g. {@code -Dkiln.standby=<instance>})
   */
  public static Optional<ExecutorStandby> start(
      Path nodeDir, int heapMb, Path archive, List<String> tags) {
    String sparkHome = System.getenv("SPARK_HOME");
    if (heapMb <= 0 || sparkHome == null) {
      return Optional.empty();
    }
    try {
      Path dir = Files.createDirectories(standbyDir(nodeDir));
      Files.createDirectories(dir.resolve("work"));
      String classPath = ExecutorCommand.classPath(sparkHome, heapMb);
      List<String> command = new ArrayList<>();
      command.add(realJava().toString());
      command.add("-Xmx" + heapMb + "m");
      command.addAll(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
      if (archive != null && Files.isRegularFile(archive)) {
        command.add("-XX:SharedArchiveFile=" + archive);
        command.add("-Xlog:cds=off");
      }
      command.addAll(tags);
      command.add("-Dkiln.standby.cp=" + classPath);
      command.add("-Dkiln.standby.heap=" + heapMb);
      command.add("-cp");
      command.add(classPath);
      command.add(StandbyMain.class.getName());
      command.add(dir.toString());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(dir.resolve("work").toFile())
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout").toFile()))
              .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("stderr").toFile()))
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
      Map<String, String> env = builder.environment();
      env.put("SPARK_EXECUTOR_DIRS", dir.resolve("local").toString());
      // What every SparkContext puts in its executors' environment, with Spark's defaults (a
      // cluster that sets them otherwise gets new JVMs).
      env.putIfAbsent("SPARK_USER", System.getProperty("user.name"));
      env.putIfAbsent("OMP_NUM_THREADS", "1");
      Process process = builder.start();
      log.info("Standby executor JVM started (pid {}, heap {} MB)", process.pid(), heapMb);
      return Optional.of(new ExecutorStandby(process, dir));
    } catch (IOException | RuntimeException e) {
      log.warn("No standby executor JVM: {}", e.toString());
      return Optional.empty();
    }
  }

  /** Whether it is up and no launch took it yet. */
  public boolean ready() {
    return process.isAlive() && Files.exists(dir.resolve("ready"));
  }

  /** Waits until it is ready (or gone, or {@code atMost} passed): an instance is idle only then. */
  public boolean awaitReady(java.time.Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (!ready() && process.isAlive() && System.nanoTime() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return ready();
  }

  /** Ends an unused standby (the instance became a driver, or stops), without waiting for it. */
  @Override
  public void close() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    var unused =
        process
            .onExit()
            .orTimeout(10, TimeUnit.SECONDS)
            .exceptionally(
                timedOut -> {
                  process.destroyForcibly();
                  return process;
                });
  }

  private static Path realJava() {
    return Path.of(System.getProperty("java.home"), "bin", "java");
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
