package dev.kiln.server.clusters;

import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.clusters.NodeType;
import dev.kiln.server.compute.HostCapacity;
import dev.kiln.server.compute.NodeDao;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeTypeCatalog;
import dev.kiln.server.compute.Placement;
import dev.kiln.server.compute.Resources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.jdbi.v3.core.Jdbi;

/**
 * Admission of clusters and pool instances to the host. What is placed is read from the store each
 * time: every live node (pool instances included) and, for a cluster that was admitted but has not
 * launched all its nodes yet (PENDING with nodes, RESTARTING), its whole size. Decisions and the
 * launches they allow run under one lock, so two steps never both take the last room.
 */
public final class Admission {
  private final Object lock = new Object();
  private final ClusterDao clusters;
  private final NodeDao nodes;
  private final NodeTypeCatalog nodeTypes;
  private final HostCapacity host;

  public Admission(Jdbi jdbi, NodeTypeCatalog nodeTypes, HostCapacity host) {
    this.clusters = jdbi.onDemand(ClusterDao.class);
    this.nodes = jdbi.onDemand(NodeDao.class);
    this.nodeTypes = nodeTypes;
    this.host = host;
  }

  public HostCapacity host() {
    return host;
  }

  /** Runs {@code action} alone: decide, then launch, with nobody else deciding meanwhile. */
  public <T> T locked(Supplier<T> action) {
    synchronized (lock) {
      return action.get();
    }
  }

  public void locked(Runnable action) {
    synchronized (lock) {
      action.run();
    }
  }

  /** The host as placed now: what each cluster holds or reserved, and the pools' instances. */
  public Snapshot snapshot() {
    Map<String, Resources> live = new HashMap<>();
    Resources pools = Resources.NONE;
    for (NodeRow n : nodes.live()) {
      Resources size = new Resources(n.cores(), n.memoryMb());
      if (n.clusterId() == null) {
        pools = pools.plus(size);
      } else {
        live.merge(n.clusterId(), size, Resources::plus);
      }
    }
    Map<String, Resources> held = new HashMap<>(live);
    List<ClusterRow> rows = clusters.unsettled();
    for (ClusterRow c : rows) {
      Resources l = live.getOrDefault(c.clusterId(), Resources.NONE);
      if (reservesWholeSize(c, l)) {
        held.put(c.clusterId(), l.max(size(c.clusterSpec(), c.targetWorkers())));
      }
    }
    return new Snapshot(rows, live, held, pools);
  }

  /** An admitted cluster that is still launching holds its whole size, launched or not. */
  private static boolean reservesWholeSize(ClusterRow c, Resources live) {
    return (c.state() == ClusterState.PENDING && !live.equals(Resources.NONE))
        || c.state() == ClusterState.RESTARTING;
  }

  /** Cores and memory of a cluster with {@code workers} workers. */
  public Resources size(ClusterSpec spec, int workers) {
    return nodeSize(spec.effectiveDriverNodeTypeId())
        .plus(nodeSize(spec.nodeTypeId()).times(workers));
  }

  public Resources nodeSize(String nodeTypeId) {
    return nodeTypes.find(nodeTypeId).map(Admission::size).orElse(Resources.NONE);
  }

  public static Resources size(NodeType type) {
    return new Resources(Math.round(type.numCores()), type.memoryMb());
  }

  /**
   * Whether a PENDING cluster without nodes may start now.
   *
   * @param held what the cluster will take over that is already placed (warm pool instances)
   */
  Placement.Verdict admit(ClusterRow row, ClusterSpec spec, Resources held) {
    Snapshot now = snapshot();
    Resources wanted = size(spec, row.targetWorkers());
    if (!wanted.fitsIn(Resources.of(host))) {
      return Placement.decide(host, Resources.NONE, wanted, 0);
    }
    return Placement.decide(
        host, now.usedBesides(row.clusterId()), wanted.minus(held), now.queuedAhead(row));
  }

  /** How many more workers of a running cluster fit now. */
  long roomForWorkers(ClusterSpec spec) {
    Resources free = Resources.of(host).minus(snapshot().used());
    return free.howMany(nodeSize(spec.nodeTypeId()));
  }

  /** The free room now. */
  public Resources free() {
    return Resources.of(host).minus(snapshot().used());
  }

  /**
   * The host as placed at one moment.
   *
   * @param live each cluster's live nodes
   * @param held each cluster's live nodes, or its whole size while it is admitted and launching
   * @param pools the pools' instances that belong to no cluster
   */
  public record Snapshot(
      List<ClusterRow> clusters,
      Map<String, Resources> live,
      Map<String, Resources> held,
      Resources pools) {

    public Resources used() {
      return usedBesides(null);
    }

    Resources usedBesides(String clusterId) {
      Resources total = pools;
      for (Map.Entry<String, Resources> e : held.entrySet()) {
        if (!e.getKey().equals(clusterId)) {
          total = total.plus(e.getValue());
        }
      }
      return total;
    }

    /** Clusters waiting for room that came before {@code row}: they are admitted first. */
    int queuedAhead(ClusterRow row) {
      int ahead = 0;
      for (ClusterRow c : clusters) {
        if (!c.clusterId().equals(row.clusterId())
            && waiting(c)
            && (c.stateSince() < row.stateSince()
                || (c.stateSince() == row.stateSince()
                    && c.clusterId().compareTo(row.clusterId()) < 0))) {
          ahead++;
        }
      }
      return ahead;
    }

    /** Whether any cluster waits for room (pools do not refill before it starts). */
    public boolean anyWaiting() {
      return clusters.stream().anyMatch(this::waiting);
    }

    private boolean waiting(ClusterRow c) {
      return c.state() == ClusterState.PENDING
          && !c.deleted()
          && live.getOrDefault(c.clusterId(), Resources.NONE).equals(Resources.NONE);
    }
  }
}
