package dev.kiln.server.compute;

import dev.kiln.model.Json;
import dev.kiln.model.node.NodeSpec;
import dev.kiln.model.node.PoolInstanceSpec;
import dev.kiln.server.config.ConfigLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local compute backend: every node is a {@code kiln-node} JVM on this machine, started
 * detached ({@code setsid}, output to files) so it outlives the control plane. Each process is
 * tagged on its command line with its cluster and instance ids, so it can be found again after a
 * crash, and so can the executors its Worker forks (they carry the cluster tag too).
 */
public final class LocalCompute {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCompute.class);
  static final String CLUSTER_TAG = "-Dkiln.cluster=";
  static final String INSTANCE_TAG = "-Dkiln.instance=";
  static final String POOL_TAG = "-Dkiln.pool=";

  private final KilnRuntime runtime;
  private final HostCapacity capacity;

  public LocalCompute(KilnRuntime runtime, HostCapacity capacity) {
    this.runtime = runtime;
    this.capacity = capacity;
  }

  public HostCapacity capacity() {
    return capacity;
  }

  public KilnRuntime runtime() {
    return runtime;
  }

  /**
   * Writes the node's spec into its folder and starts its process.
   *
   * @param heapMb the node JVM's heap
   * @param env the user's {@code spark_env_vars}
   * @return the process id
   */
  public long launch(NodeRow node, NodeSpec spec, int heapMb, Map<String, String> env)
      throws IOException {
    return start(node, "node.json", "--spec", spec, heapMb, env);
  }

  /**
   * Starts a pool's instance: a node without a role yet, which warms up and waits for one.
   *
   * @param heapMb the node JVM's heap: enough for the role it will take, whichever
   */
  public long launchPoolInstance(NodeRow node, PoolInstanceSpec spec, int heapMb)
      throws IOException {
    // Its Worker runs executors through the instance's launcher, which hands them to the
    // instance's standby executor JVM (dev.kiln.node.standby.ExecutorStandby).
    return start(
        node,
        "pool.json",
        "--pool-spec",
        spec,
        heapMb,
        Map.of("JAVA_HOME", node.path().resolve("jdk").toString()));
  }

  private long start(
      NodeRow node, String specName, String flag, Object spec, int heapMb, Map<String, String> env)
      throws IOException {
    Path dir = node.path();
    Files.createDirectories(dir.resolve("logs"));
    Path specFile = dir.resolve(specName);
    Path tmp = dir.resolve(specName + ".tmp");
    Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(spec));
    Files.move(tmp, specFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.deleteIfExists(dir.resolve("node.port"));

    List<String> command = new ArrayList<>();
    command.add("setsid");
    command.add(javaBinary());
    command.add("-Xmx" + heapMb + "m");
    command.addAll(runtime.jvmOptions());
    // The JDK's HTTP server leaves Nagle on: with delayed ACKs every node call would wait ~40 ms.
    command.add("-Dsun.net.httpserver.nodelay=true");
    command.add(
        node.clusterId() != null ? CLUSTER_TAG + node.clusterId() : POOL_TAG + node.poolId());
    command.add(INSTANCE_TAG + node.instanceId());
    command.add("-cp");
    command.add(runtime.home().resolve("jars") + "/*");
    command.add("dev.kiln.node.KilnNode");
    command.add(flag);
    command.add(specFile.toString());

    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs/stdout").toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("logs/stderr").toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> environment = builder.environment();
    // The control plane's own settings (the store's URL and password among them) stay here.
    for (String key : ConfigLoader.KEYS) {
      environment.remove(ConfigLoader.envName(key));
    }
    environment.putAll(env);
    environment.put("SPARK_HOME", runtime.home().toString());
    environment.put("SPARK_SCALA_VERSION", "2.13");
    environment.put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    LOG.info(
        "Started {} node {} of {} (pid {})",
        node.role() == null ? "a pool" : node.role(),
        node.instanceId(),
        node.clusterId() != null ? "cluster " + node.clusterId() : "pool " + node.poolId(),
        process.pid());
    return process.pid();
  }

  /** The port the node wrote once its HTTP server listens, if it has. */
  public Optional<Integer> port(NodeRow node) {
    Path file = node.path().resolve("node.port");
    try {
      return Optional.of(Integer.parseInt(Files.readString(file).trim()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  public static boolean alive(Long pid) {
    return pid != null && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * Whether {@code pid} is alive and still the node {@code instanceId}: after a long outage of the
   * control plane its pid may belong to another process by now.
   */
  public static boolean isNode(Long pid, String instanceId) {
    if (!alive(pid)) {
      return false;
    }
    try {
      byte[] cmdline = Files.readAllBytes(Path.of("/proc", pid.toString(), "cmdline"));
      for (String arg : new String(cmdline, StandardCharsets.UTF_8).split("\0")) {
        if (arg.equals(INSTANCE_TAG + instanceId)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false; // gone meanwhile
    }
  }

  /** Asks the process to stop (SIGTERM): the node stops Spark cleanly on it. */
  public static void terminate(long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
  }

  /** SIGKILL: for nodes that did not stop within their grace period. */
  public static void kill(long pid) {
    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
  }

  /** Every live process of a cluster: its nodes and the executors their Workers forked. */
  public static List<Long> processesOf(String clusterId) {
    return tagged(CLUSTER_TAG + clusterId);
  }

  /**
   * Every live process started for a pool and not (yet) for a cluster: its instances, tagged when
   * they started. An instance a cluster took keeps its pool tag; its executors carry the cluster's.
   */
  public static List<Long> processesOfPool(String poolId) {
    return tagged(POOL_TAG + poolId);
  }

  /** The process of one instance, found by its tag (for a launch the store never saw finish). */
  public static Optional<Long> processOf(String instanceId) {
    return tagged(INSTANCE_TAG + instanceId).stream().findFirst();
  }

  private static List<Long> tagged(String tag) {
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : proc) {
        try {
          byte[] cmdline = Files.readAllBytes(p.resolve("cmdline"));
          for (String arg : new String(cmdline, StandardCharsets.UTF_8).split("\0")) {
            if (arg.equals(tag)) {
              pids.add(Long.parseLong(p.getFileName().toString()));
              break;
            }
          }
        } catch (IOException | NumberFormatException e) {
          // The process ended while we looked, or is not ours to read.
        }
      }
    } catch (IOException e) {
      LOG.warn("Could not scan /proc: {}", e.toString());
    }
    return pids;
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .filter(c -> c.endsWith("/java"))
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
