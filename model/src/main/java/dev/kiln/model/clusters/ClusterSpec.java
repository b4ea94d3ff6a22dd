package dev.kiln.model.clusters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.Json;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a user asks for in {@code clusters/create} and {@code clusters/edit}. The cloud blocks
 * ({@code aws_attributes}, {@code azure_attributes}, {@code gcp_attributes}), {@code docker_image},
 * {@code workload_type}, {@code clone_from} and the node type flexibility blocks mean nothing on
 * Kiln: they are kept verbatim and returned as sent.
 */
public record ClusterSpec(
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
    Long totalInitialRemoteDiskSize) {

  private static final ObjectMapper MAPPER = Json.mapper();

  /** The wire (snake_case) names of every field, in declaration order. */
  public static final Set<String> FIELDS =
      Arrays.stream(ClusterSpec.class.getRecordComponents())
          .map(c -> new PropertyNamingStrategies.SnakeCaseStrategy().translate(c.getName()))
          .collect(Collectors.toCollection(LinkedHashSet::new));

  /** A spec with only a name, a runtime, a node type and a fixed size, as tests and jobs need. */
  public static ClusterSpec of(
      String clusterName, String sparkVersion, String nodeTypeId, int numWorkers) {
    return fromJson(
        MAPPER
            .createObjectNode()
            .put("cluster_name", clusterName)
            .put("spark_version", sparkVersion)
            .put("node_type_id", nodeTypeId)
            .put("num_workers", numWorkers));
  }

  /** A fixed size of {@code n} workers; autoscale is dropped. */
  public ClusterSpec withNumWorkers(int n) {
    ObjectNode tree = toJson();
    tree.put("num_workers", n);
    tree.remove("autoscale");
    return fromJson(tree);
  }

  /** An autoscale range; the fixed size is dropped. */
  public ClusterSpec withAutoscale(AutoScale range) {
    ObjectNode tree = toJson();
    tree.set("autoscale", MAPPER.valueToTree(range));
    tree.remove("num_workers");
    return fromJson(tree);
  }

  /** The node types of the workers and the driver (from their instance pools). */
  public ClusterSpec withNodeTypes(String workerType, String driverType) {
    ObjectNode tree = toJson();
    tree.put("node_type_id", workerType);
    tree.put("driver_node_type_id", driverType);
    return fromJson(tree);
  }

  public ClusterSpec withAutoterminationMinutes(Integer minutes) {
    return with("autotermination_minutes", minutes);
  }

  public ClusterSpec withClusterName(String name) {
    return with("cluster_name", name);
  }

  public ClusterSpec withClusterSource(ClusterSource source) {
    return with("cluster_source", source);
  }

  public ClusterSpec withSparkConf(Map<String, String> conf) {
    return with("spark_conf", conf);
  }

  /** The size asked for: {@code autoscale.max_workers} when autoscaling, else num_workers (0). */
  public int maxWorkers() {
    if (autoscale != null && autoscale.maxWorkers() != null) {
      return autoscale.maxWorkers();
    }
    return numWorkers == null ? 0 : numWorkers;
  }

  /** The driver's node type: {@code driver_node_type_id}, defaulting to {@code node_type_id}. */
  public String effectiveDriverNodeTypeId() {
    return driverNodeTypeId != null ? driverNodeTypeId : nodeTypeId;
  }

  /**
   * {@code clusters/update}: the fields named in {@code updateMask} (top-level snake_case names)
   * take their value from {@code patch}, absent meaning cleared; the others keep {@code base}'s.
   *
   * @throws IllegalArgumentException naming the first unknown field in the mask
   */
  public static ClusterSpec merge(ClusterSpec base, ClusterSpec patch, List<String> updateMask) {
    ObjectNode merged = base.toJson();
    ObjectNode changes = patch == null ? MAPPER.createObjectNode() : patch.toJson();
    for (String raw : updateMask) {
      String field = raw.trim();
      if (field.isEmpty()) {
        continue;
      }
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException(field);
      }
      JsonNode value = changes.get(field);
      if (value == null || value.isNull()) {
        merged.remove(field);
      } else {
        merged.set(field, value);
      }
    }
    return fromJson(merged);
  }

  /** Splits an {@code update_mask} ({@code "a,b"}) into its field names. */
  public static List<String> parseMask(String updateMask) {
    if (updateMask == null || updateMask.isBlank()) {
      return List.of();
    }
    return Arrays.stream(updateMask.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  public ObjectNode toJson() {
    return MAPPER.valueToTree(this);
  }

  public static ClusterSpec fromJson(JsonNode tree) {
    return MAPPER.convertValue(tree, ClusterSpec.class);
  }

  private ClusterSpec with(String field, Object value) {
    ObjectNode tree = toJson();
    if (value == null) {
      tree.remove(field);
    } else {
      tree.set(field, MAPPER.valueToTree(value));
    }
    return fromJson(tree);
  }
}
