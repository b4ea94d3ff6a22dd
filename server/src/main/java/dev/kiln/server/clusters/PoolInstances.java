package dev.kiln.server.clusters;

import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.TerminationCode;
import dev.kiln.model.node.NodeRole;
import dev.kiln.model.node.NodeSpec;
import dev.kiln.model.node.NodeStatus;
import dev.kiln.server.compute.NodeClient;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.Resources;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pool side of a cluster's nodes, for the reconciler: which pool a node comes from, whether the
 * pools can give a starting cluster all its nodes, how much of the host their warm instances hold,
 * and giving an instance the cluster took its role (again on later passes, until it answers).
 */
final class PoolInstances {
  private static final Logger LOG = LoggerFactory.getLogger(PoolInstances.class);

  /** Why a cluster fails: its termination code and message. */
  record Failure(TerminationCode code, String message) {}

  /** How the reconciler fails a cluster. */
  @FunctionalInterface
  interface Fail {
    void fail(ClusterRow row, TerminationCode code, String message);
  }

  private final ClusterPools pools;
  private final Admission admission;
  private final NodeLaunchPlan plans;
  private final NodeClient client;
  private final Fail fail;

  PoolInstances(
      ClusterPools pools, Admission admission, NodeLaunchPlan plans, NodeClient client, Fail fail) {
    this.pools = pools;
    this.admission = admission;
    this.plans = plans;
    this.client = client;
    this.fail = fail;
  }

  /** The pool a node of {@code role} comes from: the driver's own pool, else the workers'. */
  static String poolOf(ClusterSpec spec, NodeRole role) {
    if (role == NodeRole.DRIVER && spec.driverInstancePoolId() != null) {
      return spec.driverInstancePoolId();
    }
    return spec.instancePoolId();
  }

  /**
   * A node of {@code role} from the cluster's pool, or null when it has none. A warm instance that
   * is {@link ClusterPools.Acquired.Taken taken} is given its role here.
   */
  ClusterPools.Acquired take(ClusterRow row, ClusterSpec spec, NodeRole role, String masterUrl) {
    String poolId = poolOf(spec, role);
    if (poolId == null) {
      return null;
    }
    ClusterPools.Acquired got = pools.acquire(poolId, row, role);
    if (got instanceof ClusterPools.Acquired.Taken taken) {
      assign(row, spec, taken.node(), masterUrl);
    }
    return got;
  }

  /** Why the cluster's pools cannot give all its nodes now, or empty when they can. */
  Optional<Failure> shortfall(ClusterRow row, ClusterSpec spec) {
    Map<String, Integer> needed = new LinkedHashMap<>();
    String driverPool = poolOf(spec, NodeRole.DRIVER);
    if (driverPool != null) {
      needed.merge(driverPool, 1, Integer::sum);
    }
    if (spec.instancePoolId() != null && row.targetWorkers() > 0) {
      needed.merge(spec.instancePoolId(), row.targetWorkers(), Integer::sum);
    }
    for (Map.Entry<String, Integer> e : needed.entrySet()) {
      int room = pools.room(e.getKey());
      if (room < 0) {
        return Optional.of(
            new Failure(
                TerminationCode.INSTANCE_POOL_NOT_FOUND,
                "Instance pool " + e.getKey() + " does not exist"));
      }
      if (e.getValue() > room) {
        return Optional.of(
            new Failure(
                TerminationCode.INSTANCE_POOL_MAX_CAPACITY_REACHED,
                "The cluster needs "
                    + e.getValue()
                    + " instances of pool "
                    + e.getKey()
                    + " but only "
                    + room
                    + " more fit within its max_capacity"));
      }
    }
    return Optional.empty();
  }

  /** Warm instances of pools the cluster could take, as their size on the host. */
  Resources held(ClusterRow row, ClusterSpec spec) {
    String driverPool = poolOf(spec, NodeRole.DRIVER);
    if (driverPool == null) {
      return Resources.NONE;
    }
    int free = pools.unassigned(driverPool);
    int driver = Math.min(1, free);
    int workers = 0;
    if (spec.instancePoolId() != null) {
      int workerFree =
          spec.instancePoolId().equals(driverPool)
              ? free - driver
              : pools.unassigned(spec.instancePoolId());
      workers = Math.min(row.targetWorkers(), workerFree);
    }
    return admission
        .nodeSize(spec.effectiveDriverNodeTypeId())
        .times(driver)
        .plus(admission.nodeSize(spec.nodeTypeId()).times(workers));
  }

  /** Pool instances of this cluster that still wait for their role get it (again). */
  void assignWaiting(
      ClusterRow row,
      ClusterSpec spec,
      List<NodeRow> nodes,
      Map<String, NodeStatus> status,
      String masterUrl) {
    for (NodeRow node : nodes) {
      NodeStatus s = status.get(node.instanceId());
      if (node.generation() == row.generation()
          && node.poolId() != null
          && s != null
          && s.role() == null
          && (node.isDriver() || masterUrl != null)) {
        assign(row, spec, node, node.isDriver() ? null : masterUrl);
      }
    }
  }

  /**
   * Gives a pool's instance that the cluster took its role. Until it answers (it may still be
   * starting), later passes call again: see {@link #assignWaiting}.
   */
  private void assign(ClusterRow row, ClusterSpec spec, NodeRow node, String masterUrl) {
    try {
      NodeSpec nodeSpec = plans.nodeSpec(row, spec, node, masterUrl);
      if (node.port() != null && !client.assign(node, nodeSpec)) {
        LOG.info("Instance {} did not take its role yet; will retry", node.instanceId());
      }
    } catch (InitScriptException e) {
      fail.fail(row, TerminationCode.INIT_SCRIPT_FAILURE, e.getMessage());
    } catch (IOException e) {
      LOG.warn(
          "Could not prepare instance {} for cluster {}", node.instanceId(), row.clusterId(), e);
    }
  }
}
