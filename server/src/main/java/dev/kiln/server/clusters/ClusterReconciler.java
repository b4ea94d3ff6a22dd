package dev.kiln.server.clusters;

import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.clusters.EventType;
import dev.kiln.model.clusters.NodeType;
import dev.kiln.model.clusters.TerminationCode;
import dev.kiln.model.clusters.TerminationReason;
import dev.kiln.model.node.NodePhase;
import dev.kiln.model.node.NodeRole;
import dev.kiln.model.node.NodeSpec;
import dev.kiln.model.node.NodeStatus;
import dev.kiln.server.clusters.ClusterTransitions.Event;
import dev.kiln.server.compute.ComputeBackend;
import dev.kiln.server.compute.ComputeBackend.Signal;
import dev.kiln.server.compute.NodeClient;
import dev.kiln.server.compute.NodeDao;
import dev.kiln.server.compute.NodeProcesses;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeState;
import dev.kiln.server.compute.NodeTypeCatalog;
import dev.kiln.server.compute.Placement;
import dev.kiln.server.reconcile.ReconcileLoop;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives every cluster from its stored state towards what that state asks for, one idempotent step
 * at a time: launch the nodes a starting cluster lacks, notice nodes that died, stop what a
 * terminating cluster still runs. It keeps nothing that matters in memory, so after a crash the
 * next pass picks up where the last one stopped, with the nodes that kept running.
 */
public final class ClusterReconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterReconciler.class);
  static final String WAITING = "Waiting for resources: ";

  /** Settings of the reconciler; the defaults suit production, tests shorten them. */
  public record Settings(
      Duration tick,
      Duration bootstrapTimeout,
      Duration launchTimeout,
      Duration stopGrace,
      Duration unresponsiveAfter,
      long nodeOrphanTimeoutSeconds,
      Duration placementWait,
      Duration drainTimeout) {
    public static Settings defaults() {
      return new Settings(
          Duration.ofMillis(500),
          Duration.ofMinutes(10),
          Duration.ofSeconds(60),
          Duration.ofSeconds(15),
          Duration.ofSeconds(60),
          300,
          Duration.ofMinutes(10),
          Duration.ofSeconds(90));
    }
  }

  private final ClusterDao clusters;
  private final ClusterTransitions transitions;
  private final NodeDao nodes;
  private final ClusterEvents events;
  private final ComputeBackend compute;
  private final NodeProcesses processes;
  private final NodeClient client = new NodeClient();
  private final NodeTypeCatalog nodeTypes;
  private final NodeLaunchPlan plans;
  private final LogDelivery logDelivery;
  private final Clock clock;
  private final Settings settings;
  private final Path clustersHome;
  private final Admission admission;
  private final Autoscaler autoscaler;

  private final ReconcileLoop<String> loop;

  private final AutoTermination autoTermination;
  private final PoolInstances poolInstances;

  public ClusterReconciler(
      Jdbi jdbi,
      ClusterEvents events,
      ComputeBackend compute,
      NodeTypeCatalog nodeTypes,
      NodeLaunchPlan plans,
      LogDelivery logDelivery,
      Clock clock,
      Settings settings,
      Path clustersHome,
      Admission admission,
      ClusterPools pools,
      Autoscaler autoscaler) {
    this.clusters = jdbi.onDemand(ClusterDao.class);
    this.transitions = new ClusterTransitions(jdbi, events, clock);
    this.nodes = jdbi.onDemand(NodeDao.class);
    this.events = events;
    this.compute = compute;
    this.processes =
        new NodeProcesses(
            compute, nodes, client, clock, settings.launchTimeout(), settings.stopGrace());
    this.nodeTypes = nodeTypes;
    this.plans = plans;
    this.logDelivery = logDelivery;
    this.clock = clock;
    this.settings = settings;
    this.clustersHome = clustersHome;
    this.admission = admission;
    this.autoscaler = autoscaler;
    this.autoTermination = new AutoTermination(clusters, transitions, clock);
    this.poolInstances = new PoolInstances(pools, admission, plans, client, this::fail);
    this.loop =
        new ReconcileLoop<>(
            "cluster",
            settings.tick(),
            4,
            () -> clusters.unsettled().stream().map(ClusterRow::clusterId).toList(),
            id -> id,
            this::step);
  }

  public void start() {
    loop.start();
  }

  /** Runs a pass soon, e.g. after a request changed a cluster. */
  public void wake() {
    loop.wake();
  }

  /**
   * One step for one cluster: what its nodes show now, then what its state asks for. Public for
   * tests that drive the reconciler by hand.
   */
  public void step(String clusterId) {
    Optional<ClusterRow> found = clusters.byId(clusterId);
    if (found.isEmpty()) {
      return;
    }
    ClusterRow row = found.get();
    List<NodeRow> live = refresh(row);
    Map<String, NodeStatus> status = statuses(live);
    switch (row.state()) {
      case PENDING, RESTARTING -> bringUp(row, live, status);
      case RUNNING, RESIZING -> keepRunning(row, live, status);
      case TERMINATING -> tearDown(row, live);
      case TERMINATED, ERROR, UNKNOWN -> {
        if (row.deleted()) {
          tearDown(row, live);
        }
      }
    }
  }

  // ---- node bookkeeping

  /**
   * Brings each live node's row up to date with its process: finds the pid of a launch the store
   * never saw finish, reads the port, notices a process that ended. Returns the nodes still live.
   */
  private List<NodeRow> refresh(ClusterRow cluster) {
    List<NodeRow> live = new ArrayList<>();
    for (NodeRow node : nodes.liveOf(cluster.clusterId())) {
      NodeRow n = processes.refresh(node);
      if (NodeProcesses.ended(node, n)
          && node.stopRequested() == null
          && cluster.state().isActive()) {
        nodeLost(cluster, n);
      }
      if (!n.equals(node)) {
        nodes.update(n);
      }
      if (n.isLive()) {
        live.add(n);
      }
    }
    return live;
  }

  /** What each listening node answers about itself; Spark ports that moved are written. */
  private Map<String, NodeStatus> statuses(List<NodeRow> live) {
    Map<String, NodeStatus> status = new HashMap<>();
    for (NodeRow node : live) {
      if (node.state() != NodeState.UP) {
        continue;
      }
      client
          .status(node)
          .ifPresent(
              s -> {
                status.put(node.instanceId(), s);
                NodeRow seen =
                    node.withSparkPorts(s.sparkRpcPort(), s.sparkUiPort(), s.sparkConnectPort());
                if (!seen.equals(node)) {
                  nodes.update(seen);
                }
              });
    }
    return status;
  }

  private void nodeLost(ClusterRow cluster, NodeRow node) {
    LOG.warn("Node {} of cluster {} ended unexpectedly", node.instanceId(), cluster.clusterId());
    if (node.role() == NodeRole.WORKER && node.generation() == cluster.generation()) {
      events.record(
          cluster.clusterId(),
          EventType.NODES_LOST,
          Details.of(
              "instance_id",
              node.instanceId(),
              "current_num_workers",
              cluster.targetWorkers() - 1,
              "target_num_workers",
              cluster.targetWorkers()));
    }
  }

  // ---- PENDING and RESTARTING

  private void bringUp(ClusterRow row, List<NodeRow> live, Map<String, NodeStatus> status) {
    // A restart first stops the previous generation completely.
    List<NodeRow> stale = live.stream().filter(n -> n.generation() != row.generation()).toList();
    if (!stale.isEmpty()) {
      stale.forEach(this::stop);
      return;
    }
    ClusterSpec spec = row.clusterSpec();
    Optional<NodeRow> driver = live.stream().filter(NodeRow::isDriver).findFirst();
    if (driver.isEmpty()) {
      if (nodes.ofCluster(row.clusterId()).stream()
          .anyMatch(n -> n.isDriver() && n.generation() == row.generation())) {
        fail(row, TerminationCode.SPARK_STARTUP_FAILURE, "The driver exited while starting");
        return;
      }
      if (admission.locked(() -> admitAndLaunchDriver(row, spec))
          && spec.initScripts() != null
          && !spec.initScripts().isEmpty()) {
        events.record(row.clusterId(), EventType.INIT_SCRIPTS_STARTED, Details.of());
      }
      return;
    }
    if (clock.millis() - row.stateSince() > settings.bootstrapTimeout().toMillis()) {
      fail(
          row,
          TerminationCode.BOOTSTRAP_TIMEOUT,
          "The cluster did not start within "
              + settings.bootstrapTimeout().toMinutes()
              + " minutes");
      return;
    }
    NodeStatus driverStatus = status.get(driver.get().instanceId());
    if (driverStatus == null) {
      return; // starting: its port is not open yet
    }
    poolInstances.assignWaiting(row, spec, live, status, driverStatus.masterUrl());
    if (driverStatus.role() == null) {
      return; // a pool's instance that is only now given its role
    }
    if (driverStatus.phase() == NodePhase.FAILED) {
      fail(row, failureCode(driverStatus), driverStatus.message());
      return;
    }
    for (NodeRow worker : workers(live)) {
      NodeStatus s = status.get(worker.instanceId());
      if (s != null && s.phase() == NodePhase.FAILED) {
        fail(row, failureCode(s), "Worker " + worker.instanceId() + ": " + s.message());
        return;
      }
    }
    if (driverStatus.masterUrl() == null) {
      return; // the Master is not up yet; workers would only retry against it
    }
    matchWorkerCount(row, spec, live, driverStatus);
    if (driverStatus.phase() == NodePhase.READY && workersReady(row, live, status, driverStatus)) {
      running(row, spec);
    }
  }

  /**
   * Starts a cluster's driver if the host has room for the whole cluster; otherwise the cluster
   * waits (state message says for what), or fails when it can never fit or waited too long. Runs
   * under the admission lock. Returns whether the driver was launched.
   */
  private boolean admitAndLaunchDriver(ClusterRow row, ClusterSpec spec) {
    if (row.state() == ClusterState.RESTARTING) {
      launch(row, spec, NodeRole.DRIVER, null); // it kept its room while it restarts
      return true;
    }
    Optional<PoolInstances.Failure> shortfall = poolInstances.shortfall(row, spec);
    if (shortfall.isPresent()) {
      fail(row, shortfall.get().code(), shortfall.get().message());
      return false;
    }
    Placement.Verdict verdict = admission.admit(row, spec, poolInstances.held(row, spec));
    if (verdict instanceof Placement.Verdict.Never never) {
      fail(
          row,
          TerminationCode.INVALID_ARGUMENT,
          "The cluster can never fit on this host: " + never.why());
      return false;
    }
    if (verdict instanceof Placement.Verdict.Wait wait) {
      long waited = clock.millis() - row.stateSince();
      if (waited > settings.placementWait().toMillis()) {
        fail(
            row,
            TerminationCode.CLOUD_PROVIDER_RESOURCE_STOCKOUT,
            "Not enough room on this host after waiting "
                + settings.placementWait().toMinutes()
                + " minutes: "
                + wait.why());
      } else {
        message(row, WAITING + wait.why());
      }
      return false;
    }
    ClusterRow admitted = row;
    if (row.stateMessage().startsWith(WAITING)) {
      // Timeouts of the start count from here, not from when it began to wait.
      admitted = row.withState(ClusterState.PENDING, "Starting Spark", clock.millis());
      if (!transitions.write(row, admitted)) {
        return false;
      }
      admitted = clusters.byId(row.clusterId()).orElse(admitted);
    }
    launch(admitted, spec, NodeRole.DRIVER, null);
    return true;
  }

  /** Changes a cluster's state message (kept as is when it says the same). */
  private void message(ClusterRow row, String text) {
    if (!text.equals(row.stateMessage())) {
      transitions.write(row, row.withState(row.state(), text, row.stateSince()));
    }
  }

  private void running(ClusterRow row, ClusterSpec spec) {
    ClusterRow next =
        row.withActivity(clock.millis()).withState(ClusterState.RUNNING, "", clock.millis());
    List<Event> recorded = new ArrayList<>();
    if (spec.initScripts() != null && !spec.initScripts().isEmpty()) {
      recorded.add(new Event(EventType.INIT_SCRIPTS_FINISHED, Details.of()));
    }
    recorded.add(new Event(EventType.RUNNING, workerCounts(row)));
    recorded.add(new Event(EventType.DRIVER_HEALTHY, Details.of()));
    transitions.write(row, next, recorded);
  }

  // ---- RUNNING and RESIZING

  private void keepRunning(ClusterRow row, List<NodeRow> live, Map<String, NodeStatus> status) {
    live.stream().filter(n -> n.generation() != row.generation()).forEach(this::stop);
    ClusterSpec spec = row.clusterSpec();
    Optional<NodeRow> driver =
        live.stream().filter(n -> n.isDriver() && n.generation() == row.generation()).findFirst();
    if (driver.isEmpty()) {
      events.record(
          row.clusterId(),
          EventType.DRIVER_NOT_RESPONDING,
          Details.of("driver_state_message", "The driver process exited"));
      fail(row, TerminationCode.DRIVER_UNREACHABLE, "The driver exited unexpectedly");
      return;
    }
    NodeStatus driverStatus = status.get(driver.get().instanceId());
    if (driverStatus == null) {
      unresponsive(row, driver.get());
      return;
    }
    if (driver.get().unreachableSince() != null) {
      nodes.update(driver.get().reachable());
    }
    if (driverStatus.phase() == NodePhase.FAILED) {
      fail(row, failureCode(driverStatus), driverStatus.message());
      return;
    }
    if (autoTermination.step(row, spec, driverStatus)) {
      return;
    }
    poolInstances.assignWaiting(row, spec, live, status, driverStatus.masterUrl());
    if (row.state() == ClusterState.RUNNING && spec.autoscale() != null) {
      List<NodeRow> current =
          workers(live).stream().filter(n -> n.generation() == row.generation()).toList();
      if (autoscaler.step(row, spec, current, status, driverStatus)) {
        wake();
        return; // the next pass works from the new size
      }
    }
    matchWorkerCount(row, spec, live, driverStatus);
    if (row.state() == ClusterState.RESIZING && workersReady(row, live, status, driverStatus)) {
      transitions.write(
          row,
          row.withState(ClusterState.RUNNING, "", clock.millis()),
          new Event(EventType.UPSIZE_COMPLETED, workerCounts(row)));
    }
  }

  private void unresponsive(ClusterRow row, NodeRow driver) {
    long now = clock.millis();
    if (driver.unreachableSince() == null) {
      nodes.update(driver.unreachable(now));
      return;
    }
    if (now - driver.unreachableSince() > settings.unresponsiveAfter().toMillis()) {
      events.record(
          row.clusterId(),
          EventType.DRIVER_NOT_RESPONDING,
          Details.of("driver_state_message", "The driver stopped answering"));
      fail(row, TerminationCode.DRIVER_UNRESPONSIVE, "The driver stopped answering");
    }
  }

  /** Launches missing workers and stops extra ones (the newest first). */
  private void matchWorkerCount(
      ClusterRow row, ClusterSpec spec, List<NodeRow> live, NodeStatus driverStatus) {
    List<NodeRow> workers =
        workers(live).stream().filter(n -> n.generation() == row.generation()).toList();
    // Decommissioned workers (autoscaling released them) are on their way out: stopped once
    // their executors are gone, and replaced by nothing.
    workers.stream()
        .filter(n -> n.decommissioned() != null && n.state() != NodeState.STOPPING)
        .forEach(n -> drain(n, driverStatus));
    List<NodeRow> running =
        workers.stream()
            .filter(n -> n.state() != NodeState.STOPPING && n.decommissioned() == null)
            .toList();
    int missing = row.targetWorkers() - running.size();
    if (missing > 0) {
      // A starting cluster was admitted whole; a running one adds workers only where they fit.
      boolean reserved =
          row.state() == ClusterState.PENDING || row.state() == ClusterState.RESTARTING;
      admission.locked(
          () -> {
            long room = reserved ? missing : Math.min(missing, admission.roomForWorkers(spec));
            for (int i = 0; i < room; i++) {
              launch(row, spec, NodeRole.WORKER, driverStatus.masterUrl());
            }
            if (room < missing) {
              message(
                  row,
                  WAITING
                      + (missing - room)
                      + " more workers need "
                      + admission.nodeSize(spec.nodeTypeId()).times(missing - room)
                      + " and "
                      + admission.free()
                      + " are free");
            }
          });
    }
    for (int i = 0; i < -missing; i++) {
      NodeRow extra = running.get(running.size() - 1 - i);
      if (spec.autoscale() != null) {
        // Autoscaling clusters decommission workers they no longer need: no task fails.
        NodeRow leaving = extra.decommissioned(clock.millis());
        nodes.update(leaving);
        autoscaler.decommission(leaving);
      } else {
        stop(extra);
      }
    }
    if (missing <= 0
        && row.state() == ClusterState.RUNNING
        && row.stateMessage().startsWith(WAITING)) {
      message(row, "");
    }
  }

  /**
   * A decommissioned worker: asked again until its Master sees it decommissioning; stopped when the
   * cluster's executors on it are gone, or after the drain timeout.
   */
  private void drain(NodeRow worker, NodeStatus driver) {
    Optional<dev.kiln.model.node.SparkWorkerInfo> info =
        Optional.ofNullable(worker.sparkRpcPort())
            .flatMap(
                port ->
                    driver.workers() == null
                        ? Optional.empty()
                        : driver.workers().stream().filter(w -> w.port() == port).findFirst());
    boolean drained =
        info.isEmpty() || info.get().executors() == null || info.get().executors() == 0;
    boolean late = clock.millis() - worker.decommissioned() > settings.drainTimeout().toMillis();
    if (drained || late) {
      stop(worker);
    } else if (info.isPresent() && "ALIVE".equals(info.get().state())) {
      autoscaler.decommission(worker);
    }
  }

  /** Every wanted worker runs, and the Master has each of them ALIVE. */
  private boolean workersReady(
      ClusterRow row, List<NodeRow> live, Map<String, NodeStatus> status, NodeStatus driver) {
    List<NodeRow> workers =
        workers(live).stream()
            .filter(n -> n.generation() == row.generation() && n.state() == NodeState.UP)
            .filter(n -> n.decommissioned() == null)
            .toList();
    if (workers.size() != row.targetWorkers()) {
      return false;
    }
    // Ready means ready for work: every wanted worker has an executor of the application.
    if (driver.executors() == null || driver.executors() < row.targetWorkers()) {
      return false;
    }
    Set<Integer> alivePorts =
        driver.workers() == null
            ? Set.of()
            : driver.workers().stream()
                .filter(w -> "ALIVE".equals(w.state()))
                .map(w -> w.port())
                .collect(java.util.stream.Collectors.toSet());
    for (NodeRow worker : workers) {
      NodeStatus s = status.get(worker.instanceId());
      if (s == null
          || s.phase() != NodePhase.READY
          || s.sparkRpcPort() == null
          || !alivePorts.contains(s.sparkRpcPort())) {
        return false;
      }
    }
    return true;
  }

  // ---- TERMINATING

  private void tearDown(ClusterRow row, List<NodeRow> live) {
    if (!live.isEmpty()) {
      live.forEach(this::stop);
      return;
    }
    // The nodes are gone; executors normally follow their Worker within seconds.
    long since = clock.millis() - row.stateSince();
    Signal signal = since > settings.stopGrace().toMillis() ? Signal.KILL : Signal.TERM;
    if (compute.signalLeftovers(row.clusterId(), signal) > 0) {
      return;
    }
    autoTermination.forget(row.clusterId());
    if (row.state() == ClusterState.TERMINATING) {
      ClusterRow delivered = logDelivery.deliver(row, row.clusterSpec());
      ClusterRow next =
          delivered
              .withTermination(delivered.terminationReason(), clock.millis())
              .withState(ClusterState.TERMINATED, delivered.stateMessage(), clock.millis());
      if (!transitions.write(row, next)) {
        return;
      }
      row = next;
    }
    if (row.deleted()) {
      // Nodes that came from pools keep their folders under the pool's: remove them too.
      nodes.ofCluster(row.clusterId()).stream()
          .filter(n -> n.poolId() != null)
          .forEach(n -> NodeLaunchPlan.deleteTree(n.path()));
      nodes.deleteCluster(row.clusterId());
      events.deleteFor(row.clusterId());
      clusters.delete(row.clusterId());
      NodeLaunchPlan.deleteTree(clustersHome.resolve(row.clusterId()));
    }
  }

  // ---- launching and stopping nodes

  private void launch(ClusterRow row, ClusterSpec spec, NodeRole role, String masterUrl) {
    ClusterPools.Acquired got = poolInstances.take(row, spec, role, masterUrl);
    if (got instanceof ClusterPools.Acquired.Taken) {
      return;
    }
    if (got instanceof ClusterPools.Acquired.Full full) {
      poolProblem(row, TerminationCode.INSTANCE_POOL_MAX_CAPACITY_REACHED, full.why());
      return;
    }
    if (got instanceof ClusterPools.Acquired.NotFound gone) {
      poolProblem(row, TerminationCode.INSTANCE_POOL_NOT_FOUND, gone.why());
      return;
    }
    String poolId = PoolInstances.poolOf(spec, role);
    String typeId =
        role == NodeRole.DRIVER && spec.driverNodeTypeId() != null
            ? spec.driverNodeTypeId()
            : spec.nodeTypeId();
    NodeType type = nodeTypes.find(typeId).orElseThrow();
    NodeRow node = plans.newNode(row, role, type, poolId);
    nodes.insert(node); // first: a crash after the launch still finds the process by its tag
    try {
      NodeSpec nodeSpec = plans.nodeSpec(row, spec, node, masterUrl);
      long pid =
          compute.launch(
              node,
              nodeSpec,
              plans.heapMb(node),
              spec.sparkEnvVars() == null ? Map.of() : spec.sparkEnvVars());
      nodes.update(node.withPid(pid));
    } catch (InitScriptException e) {
      nodes.update(node.gone(clock.millis()));
      fail(row, TerminationCode.INIT_SCRIPT_FAILURE, e.getMessage());
    } catch (IOException | RuntimeException | LinkageError e) {
      LOG.warn("Could not launch a {} node for cluster {}", role, row.clusterId(), e);
      nodes.update(node.gone(clock.millis()));
      fail(
          row,
          TerminationCode.CLOUD_PROVIDER_LAUNCH_FAILURE,
          "Could not start a node process: " + e.getMessage());
    }
  }

  /** A starting cluster that cannot get its nodes fails; a running one keeps what it has. */
  private void poolProblem(ClusterRow row, TerminationCode code, String why) {
    if (row.state() == ClusterState.PENDING || row.state() == ClusterState.RESTARTING) {
      fail(row, code, why);
    } else {
      message(row, "Cannot add nodes: " + why);
    }
  }

  private void stop(NodeRow node) {
    processes.stop(
        node,
        n -> {
          nodes.update(n.stopping(clock.millis()));
          return true;
        });
  }

  private void fail(ClusterRow row, TerminationCode code, String message) {
    TerminationReason reason = TerminationReason.of(code, Map.of());
    Map<String, String> parameters = new LinkedHashMap<>();
    if (message != null) {
      parameters.put("databricks_error_message", message);
      reason = TerminationReason.of(code, parameters);
    }
    LOG.warn("Cluster {} fails: {} {}", row.clusterId(), code, message);
    transitions.terminate(row, reason, message == null ? code.name() : message);
  }

  /** A running cluster's size, as its events report it. */
  private static dev.kiln.model.clusters.EventDetails workerCounts(ClusterRow row) {
    return Details.of(
        "current_num_workers", row.targetWorkers(), "target_num_workers", row.targetWorkers());
  }

  private static TerminationCode failureCode(NodeStatus status) {
    if (status.failureCode() == null) {
      return TerminationCode.SPARK_ERROR;
    }
    try {
      return TerminationCode.valueOf(status.failureCode().name());
    } catch (IllegalArgumentException e) {
      return TerminationCode.SPARK_ERROR;
    }
  }

  private static List<NodeRow> workers(List<NodeRow> live) {
    return live.stream().filter(n -> n.role() == NodeRole.WORKER).toList();
  }

  /** Stops the reconciler; the nodes keep running, for the next control plane to adopt. */
  @Override
  public void close() {
    loop.close();
  }
}
