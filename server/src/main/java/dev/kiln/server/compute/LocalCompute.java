package dev.kiln.server.compute;

import dev.kiln.model.Json;
import dev.kiln.model.node.NodeSpec;
import dev.kiln.model.node.PoolInstanceSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local compute backend: every node is a {@code kiln-node} JVM on this machine, started
 * detached ({@code setsid}, output to files) so it outlives the control plane. Each process is
 * tagged on its command line with its cluster and instance ids, so it can be found again after a
 * crash, and so can the executors its Worker forks (they carry the cluster tag too). Its static
 * helpers find and signal those processes by their tags, for tests too.
 */
public final class LocalCompute implements ComputeBackend {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCompute.class);
  static final String CLUSTER_TAG = "-Dkiln.cluster=";
  static final String INSTANCE_TAG = "-Dkiln.instance=";
  static final String POOL_TAG = "-Dkiln.pool=";

  /** What a node's environment may hold of the control plane's, when the admin set it. */
  private static final List<String> PASSED_ON = List.of("LANG", "KILN_PYTHON", "KILN_PYTHON_PATH");

  static final String SPARK_USER = "kiln";

  private final KilnRuntime runtime;
  private final HostCapacity capacity;
  private final List<String> jvmOptions;
  private final NodeSandbox sandbox;
  private final NodeAccounts accounts;
  private final Supplier<Collection<NodeRow>> allNodes;

  /** Nodes run as the control plane's own account, in its view of the files: trusted use only. */
  public LocalCompute(KilnRuntime runtime, HostCapacity capacity, List<String> jvmOptions) {
    this(runtime, capacity, jvmOptions, null, null, List::of);
  }

  /**
   * @param jvmOptions flags added to every node JVM's after the runtime's ({@code
   *     compute.node_jvm_options})
   * @param sandbox the view nodes run in; null for none
   * @param accounts the accounts nodes run under; null to run them as this process' account
   * @param allNodes every node of the store (accounts of stopped nodes are taken back)
   */
  public LocalCompute(
      KilnRuntime runtime,
      HostCapacity capacity,
      List<String> jvmOptions,
      NodeSandbox sandbox,
      NodeAccounts accounts,
      Supplier<Collection<NodeRow>> allNodes) {
    this.runtime = runtime;
    this.capacity = capacity;
    this.jvmOptions = List.copyOf(jvmOptions);
    this.sandbox = sandbox;
    this.accounts = accounts;
    this.allNodes = allNodes;
  }

  /** Whether nodes run apart from the control plane (their own account or a sandbox). */
  public boolean isolated() {
    return sandbox != null;
  }

  @Override
  public HostCapacity capacity() {
    return capacity;
  }

  public KilnRuntime runtime() {
    return runtime;
  }

  /** Writes the node's spec into its folder and starts its process. */
  @Override
  public long launch(NodeRow node, NodeSpec spec, int heapMb, Map<String, String> env)
      throws IOException {
    return start(node, "node.json", "--spec", spec, heapMb, env, Map.of());
  }

  @Override
  public long launchPoolInstance(NodeRow node, PoolInstanceSpec spec, int heapMb)
      throws IOException {
    // Its Worker runs executors through the instance's launcher, which hands them to the
    // instance's standby executor JVM (dev.kiln.node.standby.ExecutorStandby).
    Map<Path, Path> overlays = new java.util.HashMap<>();
    if (sandbox != null && spec.executorArchive() != null) {
      Path archive = Path.of(spec.executorArchive());
      if (!Files.isRegularFile(archive)) {
        // No archive yet: this instance writes one, in a folder of its own shown where the
        // shared one is (nodes never write the shared one: the control plane adopts it).
        Path own = ownArchiveFolder(node.path());
        Files.createDirectories(own);
        overlays.put(archive.getParent(), own);
      }
    }
    return start(
        node,
        "pool.json",
        "--pool-spec",
        spec,
        heapMb,
        Map.of("JAVA_HOME", node.path().resolve("jdk").toString()),
        overlays);
  }

  /** Where a pool instance writes the executor archive when there is none yet. */
  private static Path ownArchiveFolder(Path nodeDir) {
    return nodeDir.resolve("cds");
  }

  private long start(
      NodeRow node,
      String specName,
      String flag,
      Object spec,
      int heapMb,
      Map<String, String> env,
      Map<Path, Path> overlays)
      throws IOException {
    Path dir = node.path();
    Files.createDirectories(dir.resolve("logs"));
    Files.createDirectories(dir.resolve("tmp"));
    Files.createDirectories(dir.resolve("home"));
    Path specFile = dir.resolve(specName);
    Path tmp = dir.resolve(specName + ".tmp");
    // The spec holds the node's secret and its cluster's Spark secret: its account's alone.
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(spec));
    Files.move(tmp, specFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    Files.deleteIfExists(dir.resolve("node.port"));
    NodeAccounts.Account account = accounts == null ? null : accounts.assign(dir, allNodes.get());

    List<String> java = new ArrayList<>();
    java.add(javaBinary());
    java.add("-Xmx" + heapMb + "m");
    java.add("-Djava.io.tmpdir=" + dir.resolve("tmp"));
    java.addAll(runtime.jvmOptions());
    java.addAll(jvmOptions);
    // The JDK's HTTP server leaves Nagle on: with delayed ACKs every node call would wait ~40 ms.
    java.add("-Dsun.net.httpserver.nodelay=true");
    java.add(node.clusterId() != null ? CLUSTER_TAG + node.clusterId() : POOL_TAG + node.poolId());
    java.add(INSTANCE_TAG + node.instanceId());
    java.add("-cp");
    java.add(runtime.home().resolve("jars") + "/*");
    java.add("dev.kiln.node.KilnNode");
    java.add(flag);
    java.add(specFile.toString());

    List<String> command = new ArrayList<>();
    command.add("setsid");
    Path info = dir.resolve("sandbox.json");
    if (sandbox != null) {
      Files.deleteIfExists(info);
      // bubblewrap reports the node's pid (its own stays as the node's parent) on descriptor 3.
      command.addAll(SandboxLaunch.reportingPid(info, sandbox.wrap(dir, account, java, overlays)));
    } else {
      command.addAll(java);
    }

    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("logs/stdout").toFile()))
            .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("logs/stderr").toFile()))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Map<String, String> environment = builder.environment();
    environment.clear();
    environment.putAll(nodeEnvironment(dir, account, sandbox != null));
    environment.putAll(env);
    environment.put("SPARK_HOME", runtime.home().toString());
    environment.put("SPARK_SCALA_VERSION", "2.13");
    environment.put("SPARK_LOCAL_IP", "127.0.0.1");
    Process process = builder.start();
    long pid =
        sandbox == null
            ? process.pid()
            : SandboxLaunch.pid(process, info, "the node (see its logs/stderr)");
    LOG.info(
        "Started {} node {} of {} (pid {}{})",
        node.role() == null ? "a pool" : node.role(),
        node.instanceId(),
        node.clusterId() != null ? "cluster " + node.clusterId() : "pool " + node.poolId(),
        pid,
        account == null ? "" : ", account " + account.name());
    return pid;
  }

  /**
   * A node's environment: an allow-list, never the control plane's own variables (they may hold the
   * store's password, tokens, or anything its operator exported).
   */
  static Map<String, String> nodeEnvironment(
      Path dir, NodeAccounts.Account account, boolean sandboxed) {
    String user = account != null ? account.name() : System.getProperty("user.name", "kiln");
    Map<String, String> env =
        SandboxLaunch.environment(user, dir.resolve("home"), dir.resolve("tmp"));
    for (String name : PASSED_ON) {
      String value = System.getenv(name);
      if (value != null) {
        env.put(name, value);
      }
    }
    // Scratch space on disk in the node's folder (the sandbox's /tmp is in memory).
    env.put("SPARK_LOCAL_DIRS", dir.resolve("tmp").toString());
    // Spark's user, which a driver hands its executors: one name on every node, whatever account
    // each runs under, so a pool worker's standby JVM (started with its node's) matches the launch.
    env.put("SPARK_USER", SPARK_USER);
    return env;
  }

  @Override
  public Observed observe(NodeRow node) {
    Long pid = node.pid() != null ? node.pid() : processOf(node.instanceId()).orElse(null);
    if (pid == null) {
      return Observed.none();
    }
    boolean running = isNode(pid, node.instanceId());
    Integer port = node.port() == null && running ? port(node).orElse(null) : node.port();
    return new Observed(pid, running, port);
  }

  @Override
  public void signal(NodeRow node, Signal signal) {
    if (node.pid() != null) {
      signal(node.pid(), signal);
    }
  }

  @Override
  public int signalLeftovers(String clusterId, Signal signal) {
    List<Long> leftovers = processesOf(clusterId);
    leftovers.forEach(pid -> signal(pid, signal));
    return leftovers.size();
  }

  private static void signal(long pid, Signal signal) {
    switch (signal) {
      case TERM -> terminate(pid);
      case KILL -> kill(pid);
    }
  }

  /**
   * Nodes cannot write the shared archive (user code would then reach every cluster's executors):
   * an isolated instance that found none writes its own (shown to it where the shared one is),
   * which is adopted here once the instance is idle, before any user code ran on it.
   */
  @Override
  public void adoptArchive(NodeRow instance, Path archive) {
    Path own = ownArchiveFolder(instance.path()).resolve(archive.getFileName());
    if (Files.isRegularFile(archive) || !Files.isRegularFile(own)) {
      return;
    }
    try {
      Files.createDirectories(archive.getParent());
      Path tmp = archive.resolveSibling(archive.getFileName() + ".adopting");
      Files.copy(own, tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE);
      LOG.info("Executor class data archive from instance {} adopted", instance.instanceId());
      ExecutorArchive.removeStale(archive);
    } catch (IOException e) {
      LOG.warn(
          "Could not adopt the executor archive of {}: {}", instance.instanceId(), e.toString());
    }
  }

  /** The port the node wrote once its HTTP server listens, if it has. */
  private static Optional<Integer> port(NodeRow node) {
    Path file = node.path().resolve("node.port");
    try {
      // The node writes it; read no more than a port takes.
      try (var in = Files.newInputStream(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        return Optional.of(
            Integer.parseInt(new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim()));
      }
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
          String[] args = new String(cmdline, StandardCharsets.UTF_8).split("\0");
          if (isSandboxParent(args)) {
            continue;
          }
          for (String arg : args) {
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

  /**
   * Bubblewrap's own process (and the shell that becomes it): it carries the node's command line
   * but is not the node. It ends with the node; signalling it would leave the node running.
   */
  static boolean isSandboxParent(String[] args) {
    return args.length > 0
        && (args[0].endsWith("bwrap")
            || (args.length > 2 && args[0].equals("/bin/sh") && args[2].startsWith("exec 3>")));
  }

  private static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .filter(c -> c.endsWith("/java"))
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }
}
