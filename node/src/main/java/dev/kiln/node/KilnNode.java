package dev.kiln.node;

import dev.kiln.model.Json;
import dev.kiln.model.node.InitScriptResult;
import dev.kiln.model.node.NodeFailureCode;
import dev.kiln.model.node.NodePhase;
import dev.kiln.model.node.NodeRole;
import dev.kiln.model.node.NodeSpec;
import dev.kiln.model.node.PoolInstanceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code kiln-node} process: one per cluster node, started by the control plane with {@code
 * --spec <nodeDir>/node.json}. Serves its status, runs the init scripts, then becomes the driver or
 * a worker; stops on {@code POST /stop}, SIGTERM, or when the control plane has been silent for the
 * orphan timeout.
 */
public final class KilnNode {
  private static final Logger log = LoggerFactory.getLogger(KilnNode.class);
  static final Duration STOP_BOUND = Duration.ofSeconds(10);

  private final NodeSpec spec;
  private final Path nodeDir;
  private final SparkRole role;
  private final NodeState state;
  private final NodeStopper stopper;
  private final OrphanWatch orphans;
  private final ScheduledExecutorService ticker;
  private final ChangeNotice notice;
  private NodeServer server;

  KilnNode(NodeSpec spec, Path nodeDir, SparkRole role, Clock clock, IntConsumer exit) {
    this.spec = spec;
    this.nodeDir = nodeDir;
    this.role = role;
    this.state =
        new NodeState(
            spec.instanceId(), spec.role(), ProcessHandle.current().pid(), clock.millis());
    this.notice = new ChangeNotice(spec.controlPlaneUrl(), spec.instanceId(), spec.nodeSecret());
    state.onChange(notice::changed);
    this.stopper = new NodeStopper(state, role, STOP_BOUND, exit);
    this.orphans =
        new OrphanWatch(
            Duration.ofSeconds(spec.orphanTimeoutSeconds()), clock, stopper::stopAndExit);
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kiln-node-watch");
              t.setDaemon(true);
              return t;
            });
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 2 || !(args[0].equals("--spec") || args[0].equals("--pool-spec"))) {
      System.err.println(
          "usage: dev.kiln.node.KilnNode --spec <nodeDir>/node.json"
              + " | --pool-spec <nodeDir>/pool.json");
      System.exit(2);
    }
    Path specFile = Path.of(args[1]).toAbsolutePath();
    if (args[0].equals("--pool-spec")) {
      PoolInstance.main(
          Json.mapper().readValue(specFile.toFile(), PoolInstanceSpec.class), specFile.getParent());
      return;
    }
    NodeSpec spec = Json.mapper().readValue(specFile.toFile(), NodeSpec.class);
    Path nodeDir = specFile.getParent();
    SparkRole role = roleOf(spec, nodeDir);
    KilnNode node = new KilnNode(spec, nodeDir, role, Clock.systemUTC(), System::exit);
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> node.stopper.stop("JVM shutdown"), "kiln-node-hook"));
    node.run();
  }

  static SparkRole roleOf(NodeSpec spec, Path nodeDir) {
    return spec.role() == NodeRole.DRIVER
        ? new DriverRole(spec, nodeDir.resolve("contexts"), nodeDir.resolve("libraries"))
        : new WorkerRole(spec, nodeDir);
  }

  /**
   * Serves the API, runs the init scripts and starts Spark; returns when Spark is up or the node
   * failed (the HTTP server keeps the JVM alive either way, until a stop exits it).
   */
  void run() throws IOException, InterruptedException {
    server =
        NodeServer.start(
            spec.nodeSecret(),
            orphans::contact,
            state::status,
            () -> stopper.stopAndExit("stop requested"),
            new ContextRoutes(
                () ->
                    state.phase() == NodePhase.READY && role instanceof DriverRole driver
                        ? driver.executions()
                        : Optional.empty()),
            new LibraryRoutes(
                () ->
                    state.phase() == NodePhase.READY && role instanceof DriverRole driver
                        ? driver.libraries()
                        : Optional.empty()));
    server.onDecommission(role::decommission);
    server.writePortFile(nodeDir.resolve("node.port"));
    log.info("Node API on 127.0.0.1:{}", server.port());
    var unused = ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);

    becomeRole(spec, nodeDir, state, role);
  }

  /**
   * What a node does once it knows its role: runs the init scripts, then starts Spark. Returns when
   * Spark is up or the node failed.
   */
  static void becomeRole(NodeSpec spec, Path nodeDir, NodeState state, SparkRole role)
      throws InterruptedException {
    if (!spec.initScripts().isEmpty()) {
      if (!state.moveTo(
          NodePhase.INIT_SCRIPTS, "Running " + spec.initScripts().size() + " init scripts")) {
        return;
      }
      InitScripts scripts = new InitScripts(nodeDir, InitScripts.databricksEnv(spec));
      Optional<InitScriptResult> failed = scripts.runAll(spec.initScripts(), state::addInitScript);
      if (failed.isPresent()) {
        InitScriptResult f = failed.get();
        state.fail(
            NodeFailureCode.INIT_SCRIPT_FAILURE,
            "Init script " + f.name() + " exited with code " + f.exitCode());
        return;
      }
    }
    if (state.phase() != NodePhase.STARTING
        && !state.moveTo(NodePhase.STARTING, "Starting Spark")) {
      return;
    }
    startSpark(state, role);
  }

  private static void startSpark(NodeState state, SparkRole role) {
    // Report while Spark starts: the driver's Master URL is known before its SparkSession is up,
    // so the control plane can start the workers in the meantime.
    state.sparkStatus(role::status);
    try {
      role.start(state::changed);
    } catch (Exception | LinkageError e) {
      log.error("Spark did not start", e);
      state.fail(NodeFailureCode.SPARK_STARTUP_FAILURE, "Spark did not start: " + e);
      return;
    }
    if (!state.moveTo(NodePhase.READY, "Spark is up")) {
      // A stop came while Spark was starting; the stopper saw nothing to stop yet.
      role.stop();
    }
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

  void close() {
    ticker.shutdownNow();
    notice.close();
    if (server != null) {
      server.close();
    }
  }
}
