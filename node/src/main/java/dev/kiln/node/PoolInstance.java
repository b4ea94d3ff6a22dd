package dev.kiln.node;

import dev.kiln.model.ApiError;
import dev.kiln.model.Json;
import dev.kiln.model.node.NodeFailureCode;
import dev.kiln.model.node.NodePhase;
import dev.kiln.model.node.NodeSpec;
import dev.kiln.model.node.PoolInstanceSpec;
import dev.kiln.node.standby.ExecutorStandby;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pool's instance: a {@code kiln-node} that starts without a role, warms its runtime up ({@link
 * Warmup}) and waits, IDLE, until a cluster takes it: {@code POST /assign} with the node spec of
 * its role (same instance id and node secret). Then it becomes that node exactly as a node started
 * with the spec would, only warm. An assignment during the warm-up waits for it.
 */
final class PoolInstance {
  private static final Logger log = LoggerFactory.getLogger(PoolInstance.class);

  /** How long an instance waits for a standby it starts after its warm-up before it is IDLE. */
  private static final Duration STANDBY_BOOT = Duration.ofSeconds(60);

  private final PoolInstanceSpec spec;
  private final Path nodeDir;
  private final NodeState state;
  private final Warmup warmup;
  private final LateRole role;
  private final NodeStopper stopper;
  private final OrphanWatch orphans;
  private final CountDownLatch warm = new CountDownLatch(1);
  private final AtomicReference<NodeSpec> assigned = new AtomicReference<>();
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "kiln-node-watch");
            t.setDaemon(true);
            return t;
          });
  private final ChangeNotice notice;
  private NodeServer server;
  private volatile Optional<ExecutorStandby> standby = Optional.empty();

  PoolInstance(PoolInstanceSpec spec, Path nodeDir, Warmup warmup, Clock clock, IntConsumer exit) {
    this.spec = spec;
    this.nodeDir = nodeDir;
    this.warmup = warmup;
    this.state =
        new NodeState(
            spec.instanceId(),
            null,
            ProcessHandle.current().pid(),
            clock.millis(),
            NodePhase.WARMING,
            "Warming up");
    this.notice = new ChangeNotice(spec.controlPlaneUrl(), spec.instanceId(), spec.nodeSecret());
    state.onChange(notice::changed);
    this.role = new LateRole(warmup::stop);
    this.stopper = new NodeStopper(state, role, KilnNode.STOP_BOUND, exit);
    this.orphans =
        new OrphanWatch(
            Duration.ofSeconds(spec.orphanTimeoutSeconds()), clock, stopper::stopAndExit);
  }

  static void main(PoolInstanceSpec spec, Path nodeDir) throws Exception {
    PoolInstance instance =
        new PoolInstance(spec, nodeDir, new Warmup(spec, nodeDir), Clock.systemUTC(), System::exit);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> instance.stopper.stop("JVM shutdown"), "kiln-node-hook"));
    instance.run();
  }

  /** Serves the API, warms up, then waits for a role (the HTTP server keeps the JVM alive). */
  void run() throws IOException {
    server =
        NodeServer.start(
            spec.nodeSecret(),
            orphans::contact,
            state::status,
            () -> stopper.stopAndExit("stop requested"),
            new ContextRoutes(
                () ->
                    state.phase() == NodePhase.READY && role.get() instanceof DriverRole driver
                        ? driver.executions()
                        : Optional.empty()),
            new LibraryRoutes(
                () ->
                    state.phase() == NodePhase.READY && role.get() instanceof DriverRole driver
                        ? driver.libraries()
                        : Optional.empty()));
    server.onAssign(this::assign);
    server.onDecommission(role::decommission);
    server.writePortFile(nodeDir.resolve("node.port"));
    log.info("Pool instance {} API on 127.0.0.1:{}", spec.instanceId(), server.port());
    var unused = ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    notice.prepare();
    // The Worker runs `java` from here (JAVA_HOME): without the launcher no executor could start.
    try {
      ExecutorStandby.installLauncher(nodeDir);
    } catch (IOException e) {
      state.fail(NodeFailureCode.SPARK_STARTUP_FAILURE, "Could not write the java launcher: " + e);
      return;
    }
    // With the executor archive the warm-up's executor runs in the standby, which warms it too;
    // without, the warm-up's first executor writes the archive, the standby starts with it, and
    // the warm-up's second executor runs in the standby.
    startStandbyIfArchived();
    try {
      warmup.run(
          () -> {
            startStandbyIfArchived();
            standby.ifPresent(st -> st.awaitReady(STANDBY_BOOT));
          });
    } catch (RuntimeException | LinkageError e) {
      log.warn("The warm-up failed; the instance takes its role cold", e);
    }
    if (standby.isEmpty()) {
      startStandbyIfArchived();
    }
    // Idle means ready for a cluster: that includes the standby (booted, or done with the warm-up).
    standby.ifPresent(s -> s.awaitReady(STANDBY_BOOT));
    state.moveTo(NodePhase.IDLE, "Warm; waiting for a cluster");
    warm.countDown();
  }

  /** {@code POST /assign}: the role, once; the same assignment again is answered alike. */
  ContextRoutes.Answer assign(byte[] body) {
    NodeSpec nodeSpec;
    try {
      nodeSpec = Json.mapper().readValue(body, NodeSpec.class);
    } catch (IOException | RuntimeException e) {
      return new ContextRoutes.Answer(
          400, new ApiError("INVALID_PARAMETER_VALUE", "Not a node spec: " + e.getMessage()));
    }
    if (!nodeSpec.instanceId().equals(spec.instanceId())
        || !nodeSpec.nodeSecret().equals(spec.nodeSecret())) {
      return new ContextRoutes.Answer(
          400, new ApiError("INVALID_PARAMETER_VALUE", "The spec is for another instance"));
    }
    if (!assigned.compareAndSet(null, nodeSpec)) {
      NodeSpec first = assigned.get();
      boolean same =
          first.clusterId().equals(nodeSpec.clusterId()) && first.role() == nodeSpec.role();
      return same
          ? new ContextRoutes.Answer(200, Map.of())
          : new ContextRoutes.Answer(
              409,
              new ApiError(
                  "INVALID_STATE",
                  "Already assigned to cluster " + first.clusterId() + " as " + first.role()));
    }
    log.info("Assigned to cluster {} as {}", nodeSpec.clusterId(), nodeSpec.role());
    Thread thread = new Thread(() -> becomeRole(nodeSpec), "kiln-node-role");
    thread.start();
    return new ContextRoutes.Answer(200, Map.of());
  }

  private void startStandbyIfArchived() {
    Path archive = spec.executorArchive() == null ? null : Path.of(spec.executorArchive());
    if (archive != null && Files.isRegularFile(archive) && assigned.get() == null) {
      standby =
          ExecutorStandby.start(
              nodeDir,
              spec.executorMemoryMb(),
              archive,
              // Not the pool's tag: the standby is part of its instance, and ends with it.
              List.of("-Dkiln.standby=" + spec.instanceId()));
    }
  }

  private void becomeRole(NodeSpec nodeSpec) {
    try {
      writeSpec(nodeSpec);
      warm.await(); // the warm-up's executor may be running in the standby until then
      if (nodeSpec.role() != dev.kiln.model.node.NodeRole.WORKER) {
        standby.ifPresent(ExecutorStandby::close); // only a Worker launches executors
      }
      SparkRole assignedRole = KilnNode.roleOf(nodeSpec, nodeDir);
      role.set(assignedRole);
      state.role(nodeSpec.role());
      KilnNode.becomeRole(nodeSpec, nodeDir, state, assignedRole);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException | RuntimeException e) {
      log.error("Could not take the role", e);
      state.fail(NodeFailureCode.SPARK_STARTUP_FAILURE, "Could not take the role: " + e);
    }
  }

  /** The role's spec beside the pool's, as any node has it (for its logs and a reader). */
  private void writeSpec(NodeSpec nodeSpec) throws IOException {
    Path tmp = nodeDir.resolve("node.json.tmp");
    Files.write(tmp, Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(nodeSpec));
    Files.move(
        tmp,
        nodeDir.resolve("node.json"),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  private void tick() {
    try {
      orphans.check();
      if (state.phase() == NodePhase.READY) {
        role.problem().ifPresent(why -> state.fail(NodeFailureCode.SPARK_ERROR, why));
      }
    } catch (RuntimeException e) {
      log.warn("Node watch failed", e);
    }
  }

  NodeState state() {
    return state;
  }

  NodeServer server() {
    return server;
  }

  /** For tests: whether an assignment arrived. */
  boolean isAssigned() {
    return Objects.nonNull(assigned.get());
  }

  void close() {
    standby.ifPresent(ExecutorStandby::close);
    notice.close();
    ticker.shutdownNow();
    if (server != null) {
      server.close();
    }
  }
}
