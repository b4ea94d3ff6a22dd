package dev.kiln.server.clusters;

import dev.kiln.model.clusters.AutoScale;
import dev.kiln.model.clusters.ClusterSize;
import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.clusters.EventDetails;
import dev.kiln.model.clusters.EventDetailsCause;
import dev.kiln.model.clusters.EventType;
import dev.kiln.model.node.NodeStatus;
import dev.kiln.model.node.SparkWorkerInfo;
import dev.kiln.server.autoscaling.AutoscalePolicy;
import dev.kiln.server.clusters.ClusterTransitions.Event;
import dev.kiln.server.compute.NodeClient;
import dev.kiln.server.compute.NodeDao;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeState;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resizes RUNNING {@code autoscale} clusters between their bounds with {@link AutoscalePolicy},
 * from the load their driver reports. Growing raises the cluster's target (RESIZING; the cluster
 * reconciler launches the workers); shrinking marks the idle workers decommissioned, lowers the
 * target in the same transaction and asks each worker to decommission, after which the reconciler
 * stops it once its executors are gone. What the policy needs to remember (since when tasks wait,
 * since when each worker is idle) is kept in memory: after a restart it is learnt again, which only
 * delays a shrink by one idle window.
 */
public final class Autoscaler {
  private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);

  private final ClusterTransitions transitions;
  private final NodeClient client = new NodeClient();
  private final Clock clock;
  private final AutoscalePolicy.Settings settings;
  private final Map<String, Memory> memory = new ConcurrentHashMap<>();

  /** What the policy remembers of one cluster between passes. */
  private static final class Memory {
    Long backlogSince;
    Long lastUpscale;
    final Map<String, Long> idleSince = new HashMap<>();
  }

  public Autoscaler(
      Jdbi jdbi, ClusterEvents events, Clock clock, AutoscalePolicy.Settings settings) {
    this.transitions = new ClusterTransitions(jdbi, events, clock);
    this.clock = clock;
    this.settings = settings;
  }

  public AutoscalePolicy.Settings settings() {
    return settings;
  }

  /**
   * One look at a RUNNING autoscaling cluster.
   *
   * @param workers the cluster's live worker nodes of its current generation
   * @param status each node's last status, by instance id
   * @return whether the cluster's size changed
   */
  public boolean step(
      ClusterRow row,
      ClusterSpec spec,
      List<NodeRow> workers,
      Map<String, NodeStatus> status,
      NodeStatus driver) {
    AutoScale range = spec.autoscale();
    if (range == null || row.state() != ClusterState.RUNNING || driver.pendingTasks() == null) {
      return false;
    }
    long now = clock.millis();
    Memory m = memory.computeIfAbsent(row.clusterId(), id -> new Memory());
    int pending = driver.pendingTasks();
    m.backlogSince = pending > 0 ? (m.backlogSince == null ? now : m.backlogSince) : null;

    Map<Integer, SparkWorkerInfo> byPort = new HashMap<>();
    if (driver.workers() != null) {
      driver.workers().forEach(w -> byPort.put(w.port(), w));
    }
    List<AutoscalePolicy.Worker> candidates = new ArrayList<>();
    int slotsPerWorker = 1;
    for (NodeRow w : workers) {
      slotsPerWorker = Math.max(1, w.cores() / taskCpus(spec));
      NodeStatus s = status.get(w.instanceId());
      SparkWorkerInfo info = s == null ? null : byPort.get(s.sparkRpcPort());
      if (w.decommissioned() != null
          || w.state() != NodeState.UP
          || info == null
          || !"ALIVE".equals(info.state())
          || info.executors() == null
          || info.executors() == 0) {
        m.idleSince.remove(w.instanceId());
        continue;
      }
      int tasks = info.runningTasks() == null ? 0 : info.runningTasks();
      Long idle = tasks == 0 ? m.idleSince.computeIfAbsent(w.instanceId(), k -> now) : null;
      if (idle == null) {
        m.idleSince.remove(w.instanceId());
      }
      candidates.add(new AutoscalePolicy.Worker(w.instanceId(), tasks, idle));
    }
    AutoscalePolicy.Decision d =
        AutoscalePolicy.decide(
            new AutoscalePolicy.Input(
                range.minWorkers(),
                range.maxWorkers(),
                row.targetWorkers(),
                pending,
                driver.runningTasks() == null ? 0 : driver.runningTasks(),
                slotsPerWorker,
                m.backlogSince,
                m.lastUpscale,
                candidates,
                now),
            settings);
    if (!d.changes(row.targetWorkers())) {
      return false;
    }
    return d.target() > row.targetWorkers()
        ? grow(row, d, now, m)
        : shrink(row, d, workers, now, m);
  }

  private boolean grow(ClusterRow row, AutoscalePolicy.Decision d, long now, Memory m) {
    ClusterRow next =
        row.withTargetWorkers(d.target())
            .withState(
                ClusterState.RESIZING,
                "Autoscaling to " + d.target() + " workers: " + d.why(),
                now);
    if (transitions.write(row, next, events(row, d))) {
      m.lastUpscale = now;
      LOG.info("Cluster {} grows to {} workers: {}", row.clusterId(), d.target(), d.why());
      return true;
    }
    return false;
  }

  private boolean shrink(
      ClusterRow row, AutoscalePolicy.Decision d, List<NodeRow> workers, long now, Memory m) {
    List<NodeRow> leaving =
        workers.stream().filter(w -> d.release().contains(w.instanceId())).toList();
    boolean done =
        transitions.write(
            row,
            row.withTargetWorkers(d.target()),
            h -> {
              NodeDao txNodes = h.attach(NodeDao.class);
              leaving.forEach(w -> txNodes.update(w.decommissioned(now)));
            },
            events(row, d));
    if (!done) {
      return false;
    }
    LOG.info(
        "Cluster {} shrinks to {} workers: {} ({})",
        row.clusterId(),
        d.target(),
        d.why(),
        d.release());
    leaving.forEach(w -> m.idleSince.remove(w.instanceId()));
    leaving.forEach(this::decommission);
    return true;
  }

  /** Asks a worker to decommission; repeated by the reconciler until its Master sees it. */
  public void decommission(NodeRow worker) {
    if (!client
        .call(worker, "POST", "/decommission", null)
        .map(a -> a.status() == 200)
        .orElse(false)) {
      LOG.info("Worker {} did not take the decommission yet", worker.instanceId());
    }
  }

  /** The events that report a resize. */
  private static List<Event> events(ClusterRow row, AutoscalePolicy.Decision d) {
    EventDetails stats =
        EventDetails.builder()
            .currentNumWorkers(row.targetWorkers())
            .targetNumWorkers(d.target())
            .cause(EventDetailsCause.AUTOSCALE)
            .driverStateMessage(d.why())
            .build();
    return List.of(
        new Event(EventType.AUTOSCALING_STATS_REPORT, stats),
        new Event(
            EventType.RESIZING,
            EventDetails.builder()
                .currentNumWorkers(row.targetWorkers())
                .targetNumWorkers(d.target())
                .cause(EventDetailsCause.AUTOSCALE)
                .clusterSize(new ClusterSize(d.target(), null))
                .build()));
  }

  /** Forgets a cluster (it stopped running). */
  public void forget(String clusterId) {
    memory.remove(clusterId);
  }

  private static int taskCpus(ClusterSpec spec) {
    try {
      String v = spec.sparkConf() == null ? null : spec.sparkConf().get("spark.task.cpus");
      return v == null ? 1 : Math.max(1, Integer.parseInt(v.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }
}
