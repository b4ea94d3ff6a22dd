package dev.kiln.server.clusters;

import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.NodeType;
import dev.kiln.model.node.InitScriptSpec;
import dev.kiln.model.node.NodeRole;
import dev.kiln.model.node.NodeSpec;
import dev.kiln.server.compute.ComputeIds;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeState;
import dev.kiln.server.compute.NodeTypeCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** What a node of a cluster gets: its folder, memory split, Spark settings and init scripts. */
public final class NodeLaunchPlan {
  /** What a Worker JVM keeps for itself; the rest of a worker node's memory goes to executors. */
  static final int WORKER_OVERHEAD_MB = 512;

  private final NodeTypeCatalog nodeTypes;
  private final InitScripts initScripts;
  private final Path clustersHome;
  private final long orphanTimeoutSeconds;
  private final Supplier<String> controlPlaneUrl;
  private final IntFunction<Map<String, String>> dataConf;
  private final Clock clock;
  private Path executorArchive;

  public NodeLaunchPlan(
      NodeTypeCatalog nodeTypes,
      InitScripts initScripts,
      Path clustersHome,
      long orphanTimeoutSeconds,
      Supplier<String> controlPlaneUrl,
      IntFunction<Map<String, String>> dataConf,
      Clock clock) {
    this.nodeTypes = nodeTypes;
    this.initScripts = initScripts;
    this.clustersHome = clustersHome;
    this.orphanTimeoutSeconds = orphanTimeoutSeconds;
    this.controlPlaneUrl = controlPlaneUrl;
    this.dataConf = dataConf;
    this.clock = clock;
  }

  /**
   * The class data archive executors start with once it exists (pool warm-ups write it): most of an
   * executor JVM's start is loading classes, which the archive maps instead.
   */
  public NodeLaunchPlan withExecutorArchive(Path archive) {
    this.executorArchive = archive;
    return this;
  }

  NodeRow newNode(ClusterRow cluster, NodeRole role, NodeType type, String poolId) {
    String instanceId = ComputeIds.instanceId();
    return NodeRow.builder()
        .instanceId(instanceId)
        .clusterId(cluster.clusterId())
        .generation(cluster.generation())
        .role(role)
        .nodeTypeId(type.nodeTypeId())
        .cores((int) Math.round(type.numCores()))
        .memoryMb(type.memoryMb().intValue())
        .state(NodeState.LAUNCHING)
        .nodeSecret(ComputeIds.nodeSecret())
        .dir(clustersHome.resolve(cluster.clusterId()).resolve(instanceId).toString())
        .startTimestamp(clock.millis())
        .poolId(poolId)
        .build();
  }

  NodeSpec nodeSpec(ClusterRow cluster, ClusterSpec spec, NodeRow node, String masterUrl)
      throws IOException, InitScriptException {
    Files.createDirectories(node.path());
    List<InitScriptSpec> scripts = new ArrayList<>();
    initScripts
        .materialize(spec.initScripts(), node.path())
        .forEach((name, path) -> scripts.add(new InitScriptSpec(name, path.toString())));
    boolean driver = node.role() == NodeRole.DRIVER;
    return new NodeSpec(
        cluster.clusterId(),
        cluster.clusterName(),
        node.instanceId(),
        node.role(),
        node.nodeSecret(),
        cluster.sparkSecret(),
        node.cores(),
        node.memoryMb(),
        driver ? null : masterUrl,
        sparkConf(spec),
        scripts,
        orphanTimeoutSeconds,
        driver ? SparkUiProxy.prefix(cluster.clusterId()) : null,
        driver ? 0 : executorMemoryMb(node.memoryMb()),
        node.nodeTypeId(),
        controlPlaneUrl.get());
  }

  /**
   * The user's Spark settings over Kiln's data settings (dbfs:/, Delta, the shared metastore, sized
   * to the cluster's worker cores), plus executor memory that fits the workers when not given.
   */
  Map<String, String> sparkConf(ClusterSpec spec) {
    Map<String, String> conf = new LinkedHashMap<>(dataConf.apply(workerCores(spec)));
    if (spec.sparkConf() != null) {
      conf.putAll(spec.sparkConf());
    }
    if (isSingleNode(spec)) {
      // Databricks' Single Node clusters: Spark runs in the driver (local mode) with its cores.
      String driverType =
          spec.driverNodeTypeId() != null ? spec.driverNodeTypeId() : spec.nodeTypeId();
      int cores = nodeTypes.find(driverType).map(t -> (int) Math.round(t.numCores())).orElse(1);
      conf.putIfAbsent("spark.master", "local[" + Math.max(1, cores) + "]");
    }
    if (executorArchive != null && Files.isRegularFile(executorArchive)) {
      String options = conf.getOrDefault("spark.executor.extraJavaOptions", "").strip();
      conf.put(
          "spark.executor.extraJavaOptions",
          (options + " -XX:SharedArchiveFile=" + executorArchive + " -Xlog:cds=off").strip());
    }
    if (spec.autoscale() != null) {
      // Autoscaling releases workers by decommissioning them: no running task fails, and their
      // cached and shuffle blocks move to the workers that stay.
      conf.putIfAbsent("spark.decommission.enabled", "true");
      conf.putIfAbsent("spark.storage.decommission.enabled", "true");
    }
    nodeTypes
        .find(spec.nodeTypeId())
        .ifPresent(
            worker ->
                conf.putIfAbsent(
                    "spark.executor.memory", executorMemoryMb(worker.memoryMb().intValue()) + "m"));
    return conf;
  }

  /**
   * A Single Node cluster as Databricks marks one: {@code is_single_node}, or the {@code
   * singleNode} Spark profile (with which Databricks clients also send {@code
   * spark.master=local[*]}).
   */
  static boolean isSingleNode(ClusterSpec spec) {
    return Boolean.TRUE.equals(spec.isSingleNode())
        || (spec.sparkConf() != null
            && "singleNode".equals(spec.sparkConf().get("spark.databricks.cluster.profile")));
  }

  /** The cores of the cluster's workers at its largest size; the driver's for a single node. */
  int workerCores(ClusterSpec spec) {
    int workers = spec.maxWorkers();
    String type = workers > 0 ? spec.nodeTypeId() : spec.effectiveDriverNodeTypeId();
    double cores = nodeTypes.find(type).map(NodeType::numCores).orElse(1.0);
    return (int) Math.max(1, Math.round(cores * Math.max(1, workers)));
  }

  /** The heap of a worker's executor: what the node has less what its Worker needs. */
  public static int executorMemoryMb(int nodeMemoryMb) {
    return Math.max(512, nodeMemoryMb - WORKER_OVERHEAD_MB);
  }

  /** The node JVM's heap: the driver holds the SparkSession; a Worker only supervises executors. */
  int heapMb(NodeRow node) {
    return node.isDriver() ? Math.max(512, node.memoryMb() * 3 / 4) : 256;
  }

  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      org.slf4j.LoggerFactory.getLogger(NodeLaunchPlan.class)
          .warn("Could not delete {}: {}", dir, e.toString());
    }
  }
}
