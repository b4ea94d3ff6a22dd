package dev.kiln.model.clusters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.Json;
import java.util.List;
import java.util.Map;

/**
 * A cluster as {@code clusters/get} and {@code clusters/list} show it: every {@link ClusterSpec}
 * field, flat, then every {@link ClusterInfo} field, then {@code spec} (the last spec the user
 * gave; absent in list).
 */
public record ClusterDetails(
    String clusterName,
    String sparkVersion,
    Integer numWorkers,
    AutoScale autoscale,
    String nodeTypeId,
    String driverNodeTypeId,
    Integer autoterminationMinutes,
    Map<String, String> sparkConf,
    Map<String, String> sparkEnvVars,
    Map<String, String> customTags,
    List<String> sshPublicKeys,
    List<InitScriptInfo> initScripts,
    ClusterLogConf clusterLogConf,
    String instancePoolId,
    String driverInstancePoolId,
    String policyId,
    Boolean applyPolicyDefaultValues,
    String dataSecurityMode,
    String singleUserName,
    String runtimeEngine,
    JsonNode dockerImage,
    JsonNode awsAttributes,
    JsonNode azureAttributes,
    JsonNode gcpAttributes,
    Boolean enableElasticDisk,
    Boolean enableLocalDiskEncryption,
    String kind,
    Boolean isSingleNode,
    Boolean useMlRuntime,
    JsonNode workloadType,
    JsonNode cloneFrom,
    ClusterSource clusterSource,
    String dependencyMode,
    JsonNode workerNodeTypeFlexibility,
    JsonNode driverNodeTypeFlexibility,
    Long remoteDiskThroughput,
    Long totalInitialRemoteDiskSize,
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
    String sparkConnectUrl,
    ClusterSpec spec) {

  private static final ObjectMapper MAPPER = Json.mapper();

  /**
   * The details of a cluster whose spec is {@code spec}: its fields flat, and the same spec in
   * {@code spec} ({@code apply_policy_default_values} and {@code clone_from} are request-only and
   * stay in {@code spec} only).
   */
  public static ClusterDetails of(ClusterSpec spec, ClusterInfo info) {
    ObjectNode flat = spec.toJson();
    flat.remove("apply_policy_default_values");
    flat.remove("clone_from");
    return of(ClusterSpec.fromJson(flat), info, spec);
  }

  /**
   * The details whose flat fields are every field of {@code flat}, then {@code info}'s, with {@code
   * spec} in {@code spec} (null: absent, as in list).
   */
  public static ClusterDetails of(ClusterSpec flat, ClusterInfo info, ClusterSpec spec) {
    ObjectNode tree = flat.toJson();
    tree.setAll((ObjectNode) MAPPER.valueToTree(info));
    if (spec != null) {
      tree.set("spec", spec.toJson());
    }
    return MAPPER.convertValue(tree, ClusterDetails.class);
  }

  /** The same details without {@code spec}, as {@code clusters/list} shows them. */
  public ClusterDetails withoutSpec() {
    ObjectNode tree = MAPPER.valueToTree(this);
    tree.remove("spec");
    return MAPPER.convertValue(tree, ClusterDetails.class);
  }

  /** The flat spec fields as a spec. */
  public ClusterSpec flatSpec() {
    ObjectNode tree = MAPPER.valueToTree(this);
    tree.remove("spec");
    return ClusterSpec.fromJson(tree);
  }

  /** The non-spec fields. */
  public ClusterInfo info() {
    return MAPPER.convertValue(MAPPER.valueToTree(this), ClusterInfo.class);
  }
}
