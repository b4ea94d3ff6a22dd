package dev.kiln.model.node;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the control plane tells a node to be, written to {@code <nodeDir>/node.json} before the node
 * starts. {@code sparkConf} is already merged and applied verbatim; {@code masterUrl} and {@code
 * workerMemoryMb} are for workers, {@code uiProxyBase} for the driver. {@code controlPlaneUrl} is
 * where the node reaches the control plane's API (secrets for dbutils, token checks).
 */
public record NodeSpec(
    String clusterId,
    String clusterName,
    String instanceId,
    NodeRole role,
    String nodeSecret,
    String sparkSecret,
    int cores,
    int memoryMb,
    String masterUrl,
    Map<String, String> sparkConf,
    List<InitScriptSpec> initScripts,
    long orphanTimeoutSeconds,
    String uiProxyBase,
    int workerMemoryMb,
    String instanceType,
    String controlPlaneUrl) {

  public NodeSpec {
    Objects.requireNonNull(clusterId, "cluster_id");
    Objects.requireNonNull(instanceId, "instance_id");
    Objects.requireNonNull(role, "role");
    if (nodeSecret == null || nodeSecret.isEmpty()) {
      throw new IllegalArgumentException("node_secret is required");
    }
    if (sparkSecret == null || sparkSecret.isEmpty()) {
      throw new IllegalArgumentException("spark_secret is required");
    }
    if (role == NodeRole.WORKER && (masterUrl == null || masterUrl.isEmpty())) {
      throw new IllegalArgumentException("master_url is required on a worker");
    }
    if (cores < 0 || memoryMb < 0 || workerMemoryMb < 0 || orphanTimeoutSeconds < 0) {
      throw new IllegalArgumentException("cores, memory and timeouts cannot be negative");
    }
    clusterName = clusterName == null ? clusterId : clusterName;
    sparkConf = sparkConf == null ? Map.of() : Map.copyOf(sparkConf);
    initScripts = initScripts == null ? List.of() : List.copyOf(initScripts);
  }
}
