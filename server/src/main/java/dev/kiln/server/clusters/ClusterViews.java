package dev.kiln.server.clusters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.Json;
import dev.kiln.model.clusters.ClusterDetails;
import dev.kiln.model.clusters.ClusterInfo;
import dev.kiln.model.clusters.ClusterLogStatus;
import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.clusters.ListClustersResponse;
import dev.kiln.model.clusters.NodeType;
import dev.kiln.model.clusters.SparkNode;
import dev.kiln.model.clusters.TerminationReason;
import dev.kiln.model.node.NodeRole;
import dev.kiln.server.compute.NodeDao;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeState;
import dev.kiln.server.compute.NodeTypeCatalog;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Clusters as {@code clusters/get} and {@code clusters/list} show them: the stored row and its live
 * nodes made into the model's {@link ClusterDetails}. Every field of the stored spec is shown flat
 * (the request-only ones too), with the current size and source.
 */
public final class ClusterViews {
  private final ClusterDao clusters;
  private final NodeDao nodes;
  private final NodeTypeCatalog nodeTypes;
  private final Supplier<String> serverUrl;
  private final ObjectMapper mapper = Json.mapper();

  public ClusterViews(Jdbi jdbi, NodeTypeCatalog nodeTypes, Supplier<String> serverUrl) {
    this.clusters = jdbi.onDemand(ClusterDao.class);
    this.nodes = jdbi.onDemand(NodeDao.class);
    this.nodeTypes = nodeTypes;
    this.serverUrl = serverUrl;
  }

  /** One cluster, with the spec its user gave in {@code spec}. */
  public ClusterDetails details(ClusterRow row) {
    return details(row, true);
  }

  /** The listed clusters (not deleted), paged and filtered as {@code query} says. */
  public ListClustersResponse list(ClusterListQuery query) {
    List<ClusterRow> rows = clusters.listed();
    Set<String> pinned =
        rows.stream()
            .filter(ClusterRow::pinned)
            .map(ClusterRow::clusterId)
            .collect(Collectors.toSet());
    return query.page(rows.stream().map(r -> details(r, false)).toList(), pinned);
  }

  private ClusterDetails details(ClusterRow row, boolean withSpec) {
    ClusterSpec spec = row.clusterSpec();
    ObjectNode flat = spec.toJson();
    flat.put("num_workers", row.targetWorkers());
    flat.put("cluster_source", row.source());
    return ClusterDetails.of(ClusterSpec.fromJson(flat), info(row, spec), withSpec ? spec : null);
  }

  private ClusterInfo info(ClusterRow row, ClusterSpec spec) {
    boolean ended =
        row.state() == ClusterState.TERMINATING || row.state() == ClusterState.TERMINATED;
    boolean running = row.state() == ClusterState.RUNNING || row.state() == ClusterState.RESIZING;
    List<NodeRow> live = row.state().isActive() ? liveNodes(row) : List.of();
    List<SparkNode> executors =
        live.stream().filter(n -> n.role() == NodeRole.WORKER).map(this::sparkNode).toList();
    NodeType worker = nodeTypes.find(spec.nodeTypeId()).orElse(null);
    NodeType driverType = nodeTypes.find(spec.effectiveDriverNodeTypeId()).orElse(worker);
    boolean sized = worker != null && driverType != null;
    return new ClusterInfo(
        row.clusterId(),
        row.creatorUserName(),
        row.state(),
        row.stateMessage(),
        row.startTime(),
        row.terminatedTime(),
        row.lastRestartedTime(),
        row.lastStateLossTime(),
        row.lastActivityTime(),
        row.terminationReason() != null && ended
            ? read(row.terminationReason(), TerminationReason.class)
            : null,
        live.stream().filter(NodeRow::isDriver).findFirst().map(this::sparkNode).orElse(null),
        executors.isEmpty() ? null : executors,
        row.sparkContextId(),
        null,
        sized ? driverType.memoryMb() + (long) row.targetWorkers() * worker.memoryMb() : null,
        sized ? driverType.numCores() + row.targetWorkers() * worker.numCores() : null,
        defaultTags(row),
        row.logStatus() == null ? null : read(row.logStatus(), ClusterLogStatus.class),
        running ? serverUrl.get() + SparkUiProxy.prefix(row.clusterId()) + "/" : null,
        running
            ? driverOf(row).map(d -> sparkConnectUrl(d.sparkConnectPort())).orElse(null)
            : null);
  }

  private static Map<String, String> defaultTags(ClusterRow row) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("Vendor", "Kiln");
    tags.put("Creator", row.creatorUserName() == null ? "" : row.creatorUserName());
    tags.put("ClusterName", row.clusterName());
    tags.put("ClusterId", row.clusterId());
    tags.put("Name", "kiln-" + row.clusterId());
    return tags;
  }

  /** The nodes of the cluster's current generation that are up. */
  private List<NodeRow> liveNodes(ClusterRow row) {
    return nodes.ofCluster(row.clusterId()).stream()
        .filter(n -> n.state() == NodeState.UP && n.generation() == row.generation())
        .toList();
  }

  private Optional<NodeRow> driverOf(ClusterRow row) {
    return liveNodes(row).stream()
        .filter(n -> n.isDriver() && n.sparkConnectPort() != null)
        .findFirst();
  }

  /**
   * How to reach a driver's Spark Connect server: plaintext gRPC on this host's 127.0.0.1; clients
   * add their Kiln token as an {@code authorization: Bearer} header (see the README).
   */
  static String sparkConnectUrl(int port) {
    return "sc://127.0.0.1:" + port + "/;use_ssl=false";
  }

  private SparkNode sparkNode(NodeRow node) {
    return new SparkNode(
        node.instanceId().replace("i-", ""),
        node.instanceId(),
        "127.0.0.1",
        "localhost",
        "127.0.0.1",
        node.startTimestamp(),
        null);
  }

  private <T> T read(String json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
