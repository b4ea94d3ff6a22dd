package dev.kiln.model.clusters;

import java.util.List;
import java.util.Map;

/**
 * Everything {@code clusters/get} says about a cluster beyond its spec: identity, state, nodes and
 * sizes. Times are epoch ms. {@code spark_ui_url} is Kiln's own: the authenticated link to the
 * cluster's Spark UI through the driver proxy. {@code spark_connect_url} too: the driver's Spark
 * Connect server (on the host's 127.0.0.1; clients add a Kiln token as {@code authorization:
 * Bearer}).
 */
public record ClusterInfo(
    String clusterId,
    String creatorUserName,
    ClusterState state,
    String stateMessage,
    Long startTime,
    Long terminatedTime,
    Long lastRestartedTime,
    Long lastStateLossTime,
    Long lastActivityTime,
    TerminationReason terminationReason,
    SparkNode driver,
    List<SparkNode> executors,
    Long sparkContextId,
    Integer jdbcPort,
    Long clusterMemoryMb,
    Double clusterCores,
    Map<String, String> defaultTags,
    ClusterLogStatus clusterLogStatus,
    String sparkUiUrl,
    String sparkConnectUrl) {}
