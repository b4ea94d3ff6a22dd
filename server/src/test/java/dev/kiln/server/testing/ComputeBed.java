package dev.kiln.server.testing;

import dev.kiln.model.Json;
import dev.kiln.model.clusters.ClusterSource;
import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.clusters.EventType;
import dev.kiln.model.clusters.GetEventsRequest;
import dev.kiln.model.pools.InstancePoolSpec;
import dev.kiln.model.testing.TestClock;
import dev.kiln.server.api.Principal;
import dev.kiln.server.autoscaling.AutoscalePolicy;
import dev.kiln.server.clusters.Admission;
import dev.kiln.server.clusters.Autoscaler;
import dev.kiln.server.clusters.ClusterDao;
import dev.kiln.server.clusters.ClusterEvents;
import dev.kiln.server.clusters.ClusterReconciler;
import dev.kiln.server.clusters.ClusterRow;
import dev.kiln.server.clusters.ClusterService;
import dev.kiln.server.clusters.ClusterViews;
import dev.kiln.server.clusters.InitScripts;
import dev.kiln.server.clusters.LogDelivery;
import dev.kiln.server.clusters.NodeLaunchPlan;
import dev.kiln.server.compute.HostCapacity;
import dev.kiln.server.compute.KilnRuntime;
import dev.kiln.server.compute.NodeDao;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeTypeCatalog;
import dev.kiln.server.compute.RuntimeCatalog;
import dev.kiln.server.dbfs.DbfsService;
import dev.kiln.server.permissions.ObjectType;
import dev.kiln.server.permissions.PermissionService;
import dev.kiln.server.pools.PoolDao;
import dev.kiln.server.pools.PoolReconciler;
import dev.kiln.server.pools.PoolRow;
import dev.kiln.server.pools.PoolService;
import dev.kiln.server.pools.PoolsForClusters;
import dev.kiln.server.store.Database;
import dev.kiln.server.workspace.WorkspaceService;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.jdbi.v3.core.Jdbi;

/**
 * The cluster and pool reconcilers as the server wires them, on an in-memory store (H2), a clock
 * the test moves and a {@link FakeCompute}. Nothing runs by itself: a test steps the reconcilers.
 */
public final class ComputeBed implements AutoCloseable {
  public static final Principal ADMIN = new Principal(1, "admin@kiln.dev", true);
  public static final String RUNTIME = "1.0.x-scala2.13";

  public final Database database;
  public final Jdbi jdbi;
  public final TestClock clock = new TestClock(Instant.parse("2025-01-01T00:00:00Z"));
  public final FakeCompute compute = new FakeCompute(new HostCapacity(8, 16384));
  public final NodeTypeCatalog nodeTypes = new NodeTypeCatalog(compute.capacity());
  public final ClusterEvents events;
  public final ClusterService clusters;
  public final PoolService pools;
  public final ClusterReconciler reconciler;
  public final PoolReconciler poolReconciler;
  private final DbfsService dbfs;

  public ComputeBed(Path home) throws IOException {
    database = MemoryStore.open(home, "compute");
    jdbi = database.jdbi();
    RuntimeCatalog runtimes =
        RuntimeCatalog.of(
            List.of(
                new KilnRuntime(
                    RUNTIME, "Kiln 1.0", "4.0.0", "2.13", "4.0.0", home.resolve("runtime"))));
    events = new ClusterEvents(jdbi, clock);
    PermissionService permissions = new PermissionService(jdbi, Optional::of);
    PoolsForClusters clusterPools = new PoolsForClusters(jdbi, permissions);
    clusters =
        new ClusterService(
            jdbi,
            events,
            runtimes,
            nodeTypes,
            clock,
            () -> {},
            clusterPools,
            new ClusterViews(jdbi, nodeTypes, () -> "http://127.0.0.1:1"));
    pools = new PoolService(jdbi, nodeTypes, runtimes, clock, () -> {}, permissions);
    permissions.register(ObjectType.INSTANCE_POOLS, pools::requireExists);
    dbfs = DbfsService.open(home.resolve("dbfs"), clock);
    Admission admission = new Admission(jdbi, nodeTypes, compute.capacity());
    NodeLaunchPlan plans =
        new NodeLaunchPlan(
            nodeTypes,
            new InitScripts(new WorkspaceService(jdbi, clock), dbfs),
            home.resolve("clusters"),
            300,
            () -> "http://127.0.0.1:1",
            cores -> Map.of(),
            clock);
    reconciler =
        new ClusterReconciler(
            jdbi,
            events,
            compute,
            nodeTypes,
            plans,
            new LogDelivery(jdbi, dbfs, clock),
            clock,
            ClusterReconciler.Settings.defaults(),
            home.resolve("clusters"),
            admission,
            clusterPools,
            new Autoscaler(jdbi, events, clock, AutoscalePolicy.Settings.defaults()));
    poolReconciler =
        new PoolReconciler(
            jdbi,
            compute,
            nodeTypes,
            admission,
            clock,
            PoolReconciler.Settings.defaults(300),
            home.resolve("pools"),
            () -> "http://127.0.0.1:1",
            null);
  }

  /** Creates a cluster as {@code clusters/create} does, from the request's JSON. */
  public String createCluster(String json) {
    return clusters.create(read(json, ClusterSpec.class), ADMIN, ClusterSource.API);
  }

  /** Creates an instance pool as {@code instance-pools/create} does, from the request's JSON. */
  public String createPool(String json) {
    return pools.create(read(json, InstancePoolSpec.class), ADMIN);
  }

  public ClusterRow cluster(String clusterId) {
    return jdbi.onDemand(ClusterDao.class).byId(clusterId).orElseThrow();
  }

  public ClusterState state(String clusterId) {
    return cluster(clusterId).state();
  }

  public PoolRow pool(String poolId) {
    return jdbi.onDemand(PoolDao.class).byId(poolId).orElseThrow();
  }

  /** The cluster's nodes that are not GONE, oldest first. */
  public List<NodeRow> liveNodes(String clusterId) {
    return jdbi.onDemand(NodeDao.class).liveOf(clusterId);
  }

  /** The pool's instances that are not GONE, taken or not. */
  public List<NodeRow> liveInstances(String poolId) {
    return jdbi.onDemand(NodeDao.class).liveOfPool(poolId);
  }

  /** The cluster's events, oldest first. */
  public List<EventType> events(String clusterId) {
    return events
        .page(new GetEventsRequest(clusterId, null, null, "ASC", null, null, 500L, null, null))
        .events()
        .stream()
        .map(e -> e.type())
        .toList();
  }

  /** Steps the cluster's reconciler until {@code done} holds; fails after {@code max} steps. */
  public void stepUntil(String clusterId, Predicate<ClusterRow> done, int max) {
    for (int i = 0; i < max; i++) {
      if (done.test(cluster(clusterId))) {
        return;
      }
      reconciler.step(clusterId);
    }
    if (!done.test(cluster(clusterId))) {
      throw new AssertionError(
          "cluster " + clusterId + " still " + cluster(clusterId) + " after " + max + " steps");
    }
  }

  /** Steps the cluster's reconciler until it is in {@code state}. */
  public void stepUntil(String clusterId, ClusterState state) {
    stepUntil(clusterId, c -> c.state() == state, 20);
  }

  /** Steps the cluster's reconciler {@code times} times. */
  public void step(String clusterId, int times) {
    for (int i = 0; i < times; i++) {
      reconciler.step(clusterId);
    }
  }

  /** Steps the pool's reconciler {@code times} times. */
  public void stepPool(String poolId, int times) {
    for (int i = 0; i < times; i++) {
      poolReconciler.step(pool(poolId));
    }
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return Json.mapper().readValue(json, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Override
  public void close() {
    reconciler.close();
    poolReconciler.close();
    compute.close();
    dbfs.close();
    database.close();
  }
}
