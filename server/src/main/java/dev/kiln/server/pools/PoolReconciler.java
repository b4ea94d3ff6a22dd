package dev.kiln.server.pools;

import dev.kiln.model.clusters.NodeType;
import dev.kiln.model.node.NodePhase;
import dev.kiln.model.node.NodeStatus;
import dev.kiln.model.node.PoolInstanceSpec;
import dev.kiln.server.clusters.Admission;
import dev.kiln.server.clusters.NodeLaunchPlan;
import dev.kiln.server.compute.ComputeBackend;
import dev.kiln.server.compute.ComputeIds;
import dev.kiln.server.compute.NodeClient;
import dev.kiln.server.compute.NodeDao;
import dev.kiln.server.compute.NodeProcesses;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeState;
import dev.kiln.server.compute.NodeTypeCatalog;
import dev.kiln.server.compute.Resources;
import dev.kiln.server.reconcile.ReconcileLoop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every pool at what it asks for, one idempotent pass at a time, from the store: launches
 * instances up to {@code min_idle_instances} (within {@code max_capacity} and the host's room, and
 * after clusters waiting for room), stops idle ones above the minimum once they were idle for
 * {@code idle_instance_autotermination_minutes}, stops a deleted pool's idle instances. Instances
 * are detached processes: after a restart the next pass adopts them by their rows (pid, port), as
 * the cluster reconciler adopts nodes. Instances that clusters took are the clusters' nodes.
 */
public final class PoolReconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PoolReconciler.class);

  /** Settings of the reconciler; tests shorten them. */
  public record Settings(
      Duration tick, Duration launchTimeout, Duration stopGrace, long orphanTimeoutSeconds) {
    public static Settings defaults(long orphanTimeoutSeconds) {
      return new Settings(
          Duration.ofMillis(500),
          Duration.ofSeconds(60),
          Duration.ofSeconds(15),
          orphanTimeoutSeconds);
    }
  }

  private final PoolDao pools;
  private final NodeDao nodes;
  private final ComputeBackend compute;
  private final NodeProcesses processes;
  private final NodeTypeCatalog nodeTypes;
  private final Admission admission;
  private final NodeClient client = new NodeClient();
  private final Clock clock;
  private final Settings settings;
  private final Path poolsHome;
  private final Supplier<String> controlPlaneUrl;
  private final Path executorArchive;
  private final ReconcileLoop<PoolRow> loop;

  public PoolReconciler(
      Jdbi jdbi,
      ComputeBackend compute,
      NodeTypeCatalog nodeTypes,
      Admission admission,
      Clock clock,
      Settings settings,
      Path poolsHome,
      Supplier<String> controlPlaneUrl,
      Path executorArchive) {
    this.pools = jdbi.onDemand(PoolDao.class);
    this.nodes = jdbi.onDemand(NodeDao.class);
    this.compute = compute;
    this.processes =
        new NodeProcesses(
            compute, nodes, client, clock, settings.launchTimeout(), settings.stopGrace());
    this.nodeTypes = nodeTypes;
    this.admission = admission;
    this.clock = clock;
    this.settings = settings;
    this.poolsHome = poolsHome;
    this.controlPlaneUrl = controlPlaneUrl;
    this.executorArchive = executorArchive;
    // One step thread: a pool's pass is short, and pools take turns at the host's capacity.
    this.loop =
        new ReconcileLoop<>(
            "pool", settings.tick(), 1, pools::unsettled, PoolRow::instancePoolId, this::step);
  }

  public void start() {
    loop.start();
  }

  /** Runs a pass soon, e.g. after a request changed a pool or a cluster took instances. */
  public void wake() {
    loop.wake();
  }

  /** One pass over one pool. Public for tests that drive the reconciler by hand. */
  public void step(PoolRow pool) {
    long now = clock.millis();
    List<NodeRow> free = new ArrayList<>();
    for (NodeRow n : refresh(pool)) {
      if (n.state() == NodeState.STOPPING) {
        stop(n);
        continue;
      }
      NodeRow current = n;
      if (n.state() == NodeState.UP) {
        Optional<NodeStatus> status = client.status(n);
        if (status.isPresent() && status.get().phase() == NodePhase.FAILED) {
          LOG.warn(
              "Instance {} of pool {} failed: {}",
              n.instanceId(),
              pool.instancePoolId(),
              status.get().message());
          stop(n);
          continue;
        }
        if (status.isPresent() && status.get().phase() == NodePhase.IDLE && n.idleSince() == null) {
          adoptArchive(n);
          current = n.idle(now);
          nodes.update(current);
        }
      }
      free.add(current);
    }
    if (!pool.active()) {
      free.forEach(this::stop);
      return;
    }
    int available = free.size() - trim(pool, free, now);
    if (available < pool.minIdleInstances()) {
      refill(pool, pool.minIdleInstances() - available);
    }
  }

  /** Stops idle instances above the minimum that idled too long; returns how many. */
  private int trim(PoolRow pool, List<NodeRow> free, long now) {
    int excess = free.size() - pool.minIdleInstances();
    if (excess <= 0) {
      return 0;
    }
    long idleLimit = Duration.ofMinutes(pool.idleMinutes()).toMillis();
    List<NodeRow> idle =
        free.stream()
            .filter(n -> n.idleSince() != null)
            .sorted(Comparator.comparing(NodeRow::idleSince))
            .toList();
    int stopped = 0;
    for (NodeRow n : idle) {
      if (stopped == excess || now - n.idleSince() < idleLimit) {
        break;
      }
      LOG.info(
          "Instance {} of pool {} idled {} min: stopping it",
          n.instanceId(),
          pool.instancePoolId(),
          (now - n.idleSince()) / 60_000);
      stop(n);
      stopped++;
    }
    return stopped;
  }

  /** Launches up to {@code wanted} instances, where the pool's max and the host allow. */
  private void refill(PoolRow pool, int wanted) {
    NodeType type = nodeTypes.find(pool.nodeTypeId()).orElse(null);
    if (type == null) {
      return; // the host shrank below this node type: nothing to launch
    }
    Resources size = Admission.size(type);
    admission.locked(
        () -> {
          Admission.Snapshot placed = admission.snapshot();
          if (placed.anyWaiting()) {
            return; // clusters waiting for room come first
          }
          long room = Resources.of(admission.host()).minus(placed.used()).howMany(size);
          long count =
              nodes.liveOfPool(pool.instancePoolId()).stream()
                  .filter(n -> n.state() != NodeState.STOPPING)
                  .count();
          long underMax = pool.maxCapacity() == null ? Long.MAX_VALUE : pool.maxCapacity() - count;
          long launch = Math.min(wanted, Math.min(room, underMax));
          if (launch > 0 && archiveBeingWritten()) {
            return; // the next ones start with the archive, once the writing instance is idle
          }
          if (executorArchive != null && !Files.isRegularFile(executorArchive)) {
            launch = Math.min(launch, 1); // this one writes the archive: one writer is enough
          }
          for (int i = 0; i < launch; i++) {
            launch(pool, type);
          }
        });
  }

  /**
   * Whether an instance of this control plane is warming up without the executor archive, and so
   * writing one. Writing takes a JVM run of its own: two instances writing the same archive at once
   * only compete for the host's cores.
   */
  private boolean archiveBeingWritten() {
    if (executorArchive == null || Files.isRegularFile(executorArchive)) {
      return false;
    }
    return nodes.live().stream()
        .anyMatch(
            n ->
                n.poolId() != null
                    && n.isUnassigned()
                    && n.idleSince() == null
                    && n.state() != NodeState.STOPPING);
  }

  private void launch(PoolRow pool, NodeType type) {
    String instanceId = ComputeIds.instanceId();
    NodeRow node =
        NodeRow.builder()
            .instanceId(instanceId)
            .nodeTypeId(type.nodeTypeId())
            .cores((int) Math.round(type.numCores()))
            .memoryMb(type.memoryMb().intValue())
            .state(NodeState.LAUNCHING)
            .nodeSecret(ComputeIds.nodeSecret())
            .dir(poolsHome.resolve(pool.instancePoolId()).resolve(instanceId).toString())
            .startTimestamp(clock.millis())
            .poolId(pool.instancePoolId())
            .build();
    nodes.insert(node); // first: a crash after the launch still finds the process by its tag
    List<String> preloaded = PoolService.preloadedVersions(pool);
    PoolInstanceSpec spec =
        new PoolInstanceSpec(
            pool.instancePoolId(),
            instanceId,
            node.nodeSecret(),
            node.cores(),
            node.memoryMb(),
            node.nodeTypeId(),
            settings.orphanTimeoutSeconds(),
            controlPlaneUrl.get(),
            !preloaded.isEmpty(),
            executorArchive == null ? null : executorArchive.toString(),
            NodeLaunchPlan.executorMemoryMb(node.memoryMb()));
    try {
      long pid = compute.launchPoolInstance(node, spec, heapMb(node));
      nodes.update(node.withPid(pid));
    } catch (IOException | RuntimeException e) {
      LOG.warn("Could not launch an instance of pool {}", pool.instancePoolId(), e);
      nodes.update(node.gone(clock.millis()));
    }
  }

  /** Makes the archive an instance wrote (when it found none) the shared one. */
  private void adoptArchive(NodeRow node) {
    if (executorArchive != null) {
      compute.adoptArchive(node, executorArchive);
    }
  }

  /** An instance may become a driver: it gets a driver's heap (a worker uses little of it). */
  static int heapMb(NodeRow node) {
    return Math.max(512, node.memoryMb() * 3 / 4);
  }

  /**
   * Brings the rows of a pool's free instances up to date with their processes (pid of a launch the
   * store never saw finish, port, process gone); returns the live ones.
   */
  private List<NodeRow> refresh(PoolRow pool) {
    List<NodeRow> live = new ArrayList<>();
    for (NodeRow node : nodes.liveOfPool(pool.instancePoolId())) {
      if (!node.isUnassigned()) {
        continue; // a cluster's node now
      }
      NodeRow n = processes.refresh(node);
      if (!n.equals(node) && !update(node, n)) {
        continue; // a cluster took it meanwhile
      }
      if (n.isLive()) {
        live.add(n);
      }
    }
    return live;
  }

  /** Writes a free instance's row unless a cluster took it since it was read. */
  private boolean update(NodeRow read, NodeRow changed) {
    Optional<NodeRow> now = nodes.byId(read.instanceId());
    if (now.isEmpty() || !now.get().isUnassigned()) {
      return false;
    }
    nodes.update(changed);
    return true;
  }

  /** Stops an instance; it is marked first, so that no cluster takes it while it stops. */
  private void stop(NodeRow node) {
    processes.stop(node, n -> nodes.stopFree(n.instanceId(), clock.millis()));
  }

  /** Stops the reconciler; the instances keep running, for the next control plane to adopt. */
  @Override
  public void close() {
    loop.close();
  }
}
