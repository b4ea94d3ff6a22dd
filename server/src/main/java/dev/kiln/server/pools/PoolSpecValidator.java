package dev.kiln.server.pools;

import dev.kiln.model.clusters.NodeType;
import dev.kiln.model.pools.InstancePoolSpec;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.compute.HostCapacity;
import dev.kiln.server.compute.NodeTypeCatalog;
import dev.kiln.server.compute.RuntimeCatalog;
import java.util.List;
import java.util.Map;

/**
 * Checks a pool spec before anything is stored, failing with INVALID_PARAMETER_VALUE. Cloud fields
 * are kept unchecked; Docker images, which Kiln cannot preload, are refused.
 */
final class PoolSpecValidator {
  static final int MAX_NAME_LENGTH = 100;
  static final int MAX_IDLE_MINUTES = 10000;
  static final int MAX_CUSTOM_TAGS = 45;

  private PoolSpecValidator() {}

  static NodeType validate(
      InstancePoolSpec spec, NodeTypeCatalog nodeTypes, RuntimeCatalog runtimes) {
    String name = ApiException.required(spec.instancePoolName(), "instance_pool_name");
    if (name.length() > MAX_NAME_LENGTH) {
      throw ApiException.invalid(
          "instance_pool_name must be at most " + MAX_NAME_LENGTH + " characters long");
    }
    String typeId = ApiException.required(spec.nodeTypeId(), "node_type_id");
    NodeType type =
        nodeTypes
            .find(typeId)
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        "Node type "
                            + typeId
                            + " is not supported. Supported node types: "
                            + String.join(", ", nodeTypes.ids())));
    int minIdle = spec.minIdle();
    if (minIdle < 0) {
      throw ApiException.invalid("min_idle_instances must be non-negative, got " + minIdle);
    }
    Integer max = spec.maxCapacity();
    if (max != null && max < 1) {
      throw ApiException.invalid("max_capacity must be at least 1, got " + max);
    }
    if (max != null && minIdle > max) {
      throw ApiException.invalid(
          "min_idle_instances ("
              + minIdle
              + ") must not be greater than max_capacity ("
              + max
              + ")");
    }
    int idle = spec.idleMinutes();
    if (idle < 0 || idle > MAX_IDLE_MINUTES) {
      throw ApiException.invalid(
          "idle_instance_autotermination_minutes must be between 0 and "
              + MAX_IDLE_MINUTES
              + ", got "
              + idle);
    }
    checkFitsHost(minIdle, type, nodeTypes.capacity());
    List<String> versions = spec.preloadedSparkVersions();
    if (versions != null) {
      if (versions.size() > 1) {
        throw ApiException.invalid("preloaded_spark_versions takes at most one version");
      }
      for (String v : versions) {
        if (runtimes.find(v).isEmpty()) {
          throw ApiException.invalid(
              "Invalid spark version "
                  + v
                  + " in preloaded_spark_versions. Valid versions are: "
                  + String.join(", ", runtimes.keys()));
        }
      }
    }
    if (spec.preloadedDockerImages() != null
        && !spec.preloadedDockerImages().isNull()
        && !spec.preloadedDockerImages().isEmpty()) {
      throw ApiException.invalid(
          "preloaded_docker_images is not supported by Kiln: instances run the Kiln Runtime");
    }
    Map<String, String> tags = spec.customTags();
    if (tags != null && tags.size() > MAX_CUSTOM_TAGS) {
      throw ApiException.invalid(
          "custom_tags has " + tags.size() + " tags; at most " + MAX_CUSTOM_TAGS + " are allowed");
    }
    return type;
  }

  /** Idle instances hold their share of the host: a minimum the host can never hold is refused. */
  private static void checkFitsHost(int minIdle, NodeType type, HostCapacity host) {
    long memory = minIdle * type.memoryMb();
    long cores = minIdle * Math.round(type.numCores());
    if (memory > host.memoryMb() || cores > host.cores()) {
      throw ApiException.invalid(
          "min_idle_instances "
              + minIdle
              + " of "
              + type.nodeTypeId()
              + " need "
              + memory
              + " MB and "
              + cores
              + " cores but this host can give at most "
              + host.memoryMb()
              + " MB and "
              + host.cores()
              + " cores");
    }
  }
}
