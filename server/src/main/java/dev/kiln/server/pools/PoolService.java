package dev.kiln.server.pools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import dev.kiln.model.pools.InstancePoolAndStats;
import dev.kiln.model.pools.InstancePoolSpec;
import dev.kiln.model.pools.InstancePoolState;
import dev.kiln.model.pools.InstancePoolStats;
import dev.kiln.model.pools.InstancePoolStatus;
import dev.kiln.model.pools.ListInstancePools;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Principal;
import dev.kiln.server.compute.ComputeIds;
import dev.kiln.server.compute.NodeDao;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeState;
import dev.kiln.server.compute.NodeTypeCatalog;
import dev.kiln.server.compute.RuntimeCatalog;
import dev.kiln.server.permissions.ObjectType;
import dev.kiln.server.permissions.PermissionService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;

/**
 * The Instance Pools API's operations. They change the pool's row (one compare-and-set each); the
 * {@link PoolReconciler} starts and stops its instances. A pool's creator gets CAN_MANAGE on it;
 * editing and deleting it need CAN_MANAGE.
 */
public final class PoolService {
  private final Jdbi jdbi;
  private final PoolDao pools;
  private final NodeDao nodes;
  private final PermissionService permissions;
  private final NodeTypeCatalog nodeTypes;
  private final RuntimeCatalog runtimes;
  private final Clock clock;
  private final Runnable wake;
  private final ObjectMapper mapper = Json.mapper();

  public PoolService(
      Jdbi jdbi,
      NodeTypeCatalog nodeTypes,
      RuntimeCatalog runtimes,
      Clock clock,
      Runnable wake,
      PermissionService permissions) {
    this.jdbi = jdbi;
    this.pools = jdbi.onDemand(PoolDao.class);
    this.nodes = jdbi.onDemand(NodeDao.class);
    this.permissions = permissions;
    this.nodeTypes = nodeTypes;
    this.runtimes = runtimes;
    this.clock = clock;
    this.wake = wake;
  }

  public String create(InstancePoolSpec spec, Principal who) {
    PoolSpecValidator.validate(spec, nodeTypes, runtimes);
    checkUniqueName(spec.instancePoolName(), null);
    long now = clock.millis();
    String id = ComputeIds.poolId(now);
    PoolRow row =
        new PoolRow(
            id,
            spec.instancePoolName(),
            spec.nodeTypeId(),
            spec.minIdle(),
            spec.maxCapacity(),
            spec.idleMinutes(),
            json(withoutId(spec)),
            InstancePoolState.ACTIVE,
            who.userName(),
            now,
            0);
    jdbi.useTransaction(
        h -> {
          h.attach(PoolDao.class).insert(row);
          permissions.grantCreator(h, ObjectType.INSTANCE_POOLS, id, who.userName());
        });
    wake.run();
    return id;
  }

  /** {@code instance-pools/edit}: name, sizes and tags; the node type cannot change. */
  public void edit(InstancePoolSpec spec, Principal who) {
    String id = ApiException.required(spec.instancePoolId(), "instance_pool_id");
    for (int attempt = 0; attempt < 20; attempt++) {
      PoolRow row = existing(id);
      requireManage(who, id);
      PoolSpecValidator.validate(spec, nodeTypes, runtimes);
      if (!row.nodeTypeId().equals(spec.nodeTypeId())) {
        throw ApiException.invalid(
            "node_type_id cannot be changed: pool "
                + id
                + " has "
                + row.nodeTypeId()
                + ", the request says "
                + spec.nodeTypeId());
      }
      checkUniqueName(spec.instancePoolName(), id);
      PoolRow edited =
          row.withSpec(
              spec.instancePoolName(),
              spec.minIdle(),
              spec.maxCapacity(),
              spec.idleMinutes(),
              json(withoutId(spec)));
      if (pools.update(edited)) {
        wake.run();
        return;
      }
    }
    throw new ApiException(
        ErrorCode.TEMPORARILY_UNAVAILABLE, "Instance pool " + id + " is changing; try again");
  }

  /**
   * {@code instance-pools/delete}: the pool is gone for the API at once; its idle instances are
   * stopped by the reconciler. Clusters that use its instances keep them and keep running.
   */
  public void delete(String poolId, Principal who) {
    for (int attempt = 0; attempt < 20; attempt++) {
      PoolRow row = existing(poolId);
      requireManage(who, poolId);
      boolean deleted =
          jdbi.inTransaction(
              h -> {
                if (!h.attach(PoolDao.class).update(row.deleted())) {
                  return false;
                }
                permissions.forget(h, ObjectType.INSTANCE_POOLS, poolId);
                return true;
              });
      if (deleted) {
        wake.run();
        return;
      }
    }
    throw new ApiException(
        ErrorCode.TEMPORARILY_UNAVAILABLE, "Instance pool " + poolId + " is changing; try again");
  }

  public InstancePoolAndStats get(String poolId) {
    return details(existing(poolId));
  }

  public ListInstancePools list() {
    return new ListInstancePools(pools.active().stream().map(this::details).toList());
  }

  /** Fails with RESOURCE_DOES_NOT_EXIST unless the pool exists and is not deleted. */
  public void requireExists(String poolId) {
    existing(poolId);
  }

  private void requireManage(Principal who, String poolId) {
    permissions.require(who, ObjectType.INSTANCE_POOLS, poolId, ObjectType.CAN_MANAGE);
  }

  /** A pool that exists and is not deleted. */
  PoolRow existing(String poolId) {
    ApiException.required(poolId, "instance_pool_id");
    return pools
        .byId(poolId)
        .filter(PoolRow::active)
        .orElseThrow(
            () -> ApiException.notFound("Can't find an instance pool with id " + poolId + "."));
  }

  InstancePoolAndStats details(PoolRow row) {
    InstancePoolSpec spec = spec(row);
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Vendor", "Kiln");
    tags.put("DatabricksInstancePoolCreatorId", Objects.toString(row.creatorUserName(), ""));
    tags.put("DatabricksInstancePoolId", row.instancePoolId());
    return new InstancePoolAndStats(
        row.instancePoolId(),
        row.instancePoolName(),
        row.nodeTypeId(),
        row.minIdleInstances(),
        row.maxCapacity(),
        row.idleMinutes(),
        spec.customTags(),
        tags,
        spec.preloadedSparkVersions(),
        spec.preloadedDockerImages(),
        spec.enableElasticDisk(),
        spec.diskSpec(),
        spec.awsAttributes(),
        spec.azureAttributes(),
        spec.gcpAttributes(),
        spec.nodeTypeFlexibility(),
        spec.remoteDiskThroughput(),
        spec.totalInitialRemoteDiskSize(),
        row.state(),
        stats(nodes.liveOfPool(row.instancePoolId())),
        new InstancePoolStatus(List.of()));
  }

  /** Counts a pool's live instances; instances being stopped count nowhere. */
  static InstancePoolStats stats(List<NodeRow> instances) {
    int used = 0;
    int idle = 0;
    int pendingUsed = 0;
    int pendingIdle = 0;
    for (NodeRow n : instances) {
      if (n.state() == NodeState.STOPPING || n.state() == NodeState.GONE) {
        continue;
      }
      boolean pending = n.state() == NodeState.LAUNCHING;
      if (n.isUnassigned()) {
        if (pending || n.idleSince() == null) {
          pendingIdle++;
        } else {
          idle++;
        }
      } else if (pending) {
        pendingUsed++;
      } else {
        used++;
      }
    }
    return new InstancePoolStats(used, idle, pendingUsed, pendingIdle);
  }

  InstancePoolSpec spec(PoolRow row) {
    try {
      return mapper.readValue(row.spec(), InstancePoolSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(
          "stored spec of " + row.instancePoolId() + " is unreadable", e);
    }
  }

  /** The runtimes a pool preloads ({@code preloaded_spark_versions}). */
  static List<String> preloadedVersions(PoolRow row) {
    try {
      InstancePoolSpec spec = Json.mapper().readValue(row.spec(), InstancePoolSpec.class);
      return spec.preloadedSparkVersions() == null ? List.of() : spec.preloadedSparkVersions();
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }

  private void checkUniqueName(String name, String exceptId) {
    boolean taken =
        pools.active().stream()
            .anyMatch(
                p -> p.instancePoolName().equals(name) && !p.instancePoolId().equals(exceptId));
    if (taken) {
      throw ApiException.invalid("An instance pool named " + name + " already exists");
    }
  }

  private InstancePoolSpec withoutId(InstancePoolSpec spec) {
    var tree = mapper.valueToTree(spec);
    ((com.fasterxml.jackson.databind.node.ObjectNode) tree).remove("instance_pool_id");
    return mapper.convertValue(tree, InstancePoolSpec.class);
  }

  private String json(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
