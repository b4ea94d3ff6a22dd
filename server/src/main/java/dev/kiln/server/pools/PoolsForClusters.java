package dev.kiln.server.pools;

import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.node.NodeRole;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Principal;
import dev.kiln.server.clusters.ClusterPools;
import dev.kiln.server.clusters.ClusterRow;
import dev.kiln.server.compute.NodeDao;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeState;
import dev.kiln.server.permissions.ObjectType;
import dev.kiln.server.permissions.PermissionService;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Pools as clusters see them: a cluster's node types come from its pools, and its nodes from their
 * instances, warm idle ones first. Taking an instance is one compare-and-set update of its row, so
 * two clusters never get the same one. A cluster's creator or editor needs CAN_ATTACH_TO on its
 * pools.
 */
public final class PoolsForClusters implements ClusterPools {
  private final PoolDao pools;
  private final NodeDao nodes;
  private final PermissionService permissions;

  public PoolsForClusters(Jdbi jdbi, PermissionService permissions) {
    this.pools = jdbi.onDemand(PoolDao.class);
    this.nodes = jdbi.onDemand(NodeDao.class);
    this.permissions = permissions;
  }

  @Override
  public ClusterSpec resolve(ClusterSpec spec, Principal who) {
    if (spec.instancePoolId() == null && spec.driverInstancePoolId() == null) {
      return spec;
    }
    if (spec.instancePoolId() == null) {
      throw ApiException.invalid("driver_instance_pool_id needs instance_pool_id as well");
    }
    PoolRow workers = pool(spec.instancePoolId(), "instance_pool_id");
    PoolRow driver =
        spec.driverInstancePoolId() == null
            ? workers
            : pool(spec.driverInstancePoolId(), "driver_instance_pool_id");
    checkSame(spec.nodeTypeId(), workers, "node_type_id");
    String driverType =
        spec.driverNodeTypeId() != null
            ? spec.driverNodeTypeId()
            : spec.driverInstancePoolId() == null ? spec.nodeTypeId() : null;
    checkSame(driverType, driver, "driver_node_type_id");
    for (PoolRow pool : List.of(workers, driver)) {
      permissions.require(
          who, ObjectType.INSTANCE_POOLS, pool.instancePoolId(), ObjectType.CAN_ATTACH_TO);
    }
    return spec.withNodeTypes(workers.nodeTypeId(), driver.nodeTypeId());
  }

  private PoolRow pool(String id, String field) {
    return pools
        .byId(id)
        .filter(PoolRow::active)
        .orElseThrow(
            () ->
                ApiException.invalid(
                    "Instance pool "
                        + id
                        + " ("
                        + field
                        + ") does not exist (INSTANCE_POOL_NOT_FOUND)"));
  }

  private static void checkSame(String nodeTypeId, PoolRow pool, String field) {
    if (nodeTypeId != null && !nodeTypeId.equals(pool.nodeTypeId())) {
      throw ApiException.invalid(
          "The "
              + field
              + " "
              + nodeTypeId
              + " does not match the node type "
              + pool.nodeTypeId()
              + " of instance pool "
              + pool.instancePoolId()
              + ": leave it out to use the pool's");
    }
  }

  @Override
  public int unassigned(String poolId) {
    return free(poolId).size();
  }

  @Override
  public int room(String poolId) {
    Optional<PoolRow> pool = pools.byId(poolId).filter(PoolRow::active);
    if (pool.isEmpty()) {
      return -1;
    }
    if (pool.get().maxCapacity() == null) {
      return Integer.MAX_VALUE;
    }
    long used =
        nodes.liveOfPool(poolId).stream()
            .filter(n -> !n.isUnassigned() && n.state() != NodeState.STOPPING)
            .count();
    return (int) Math.max(0, pool.get().maxCapacity() - used);
  }

  /** The pool's instances no cluster took: warm idle ones first (longest idle first). */
  private List<NodeRow> free(String poolId) {
    return nodes.liveOfPool(poolId).stream()
        .filter(NodeRow::isUnassigned)
        .filter(n -> n.state() == NodeState.LAUNCHING || n.state() == NodeState.UP)
        .sorted(
            Comparator.comparing((NodeRow n) -> n.idleSince() == null)
                .thenComparing(n -> n.idleSince() == null ? n.startTimestamp() : n.idleSince()))
        .toList();
  }

  @Override
  public Acquired acquire(String poolId, ClusterRow cluster, NodeRole role) {
    Optional<PoolRow> pool = pools.byId(poolId).filter(PoolRow::active);
    if (pool.isEmpty()) {
      return new Acquired.NotFound("Instance pool " + poolId + " does not exist");
    }
    for (NodeRow candidate : free(poolId)) {
      if (nodes.take(
          candidate.instanceId(), cluster.clusterId(), cluster.generation(), role.name())) {
        return new Acquired.Taken(nodes.byId(candidate.instanceId()).orElseThrow());
      }
    }
    Integer max = pool.get().maxCapacity();
    long count =
        nodes.liveOfPool(poolId).stream().filter(n -> n.state() != NodeState.STOPPING).count();
    if (max != null && count >= max) {
      return new Acquired.Full(
          "Instance pool "
              + poolId
              + " reached its max_capacity of "
              + max
              + " instances, all in use");
    }
    return new Acquired.Launch();
  }
}
