package dev.kiln.model.pools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * What a user asks for in {@code instance-pools/create} and {@code instance-pools/edit} ({@code
 * instance_pool_id} only in edit). The cloud blocks, {@code disk_spec} and {@code
 * enable_elastic_disk} mean nothing on Kiln: they are kept verbatim and returned as sent.
 */
public record InstancePoolSpec(
    String instancePoolId,
    String instancePoolName,
    String nodeTypeId,
    Integer minIdleInstances,
    Integer maxCapacity,
    Integer idleInstanceAutoterminationMinutes,
    Map<String, String> customTags,
    List<String> preloadedSparkVersions,
    JsonNode preloadedDockerImages,
    Boolean enableElasticDisk,
    JsonNode diskSpec,
    JsonNode awsAttributes,
    JsonNode azureAttributes,
    JsonNode gcpAttributes,
    JsonNode nodeTypeFlexibility,
    Long remoteDiskThroughput,
    Long totalInitialRemoteDiskSize) {

  /** Databricks' default idle timeout of instances above the minimum. */
  public static final int DEFAULT_IDLE_MINUTES = 60;

  public int minIdle() {
    return minIdleInstances == null ? 0 : minIdleInstances;
  }

  public int idleMinutes() {
    return idleInstanceAutoterminationMinutes == null
        ? DEFAULT_IDLE_MINUTES
        : idleInstanceAutoterminationMinutes;
  }
}
