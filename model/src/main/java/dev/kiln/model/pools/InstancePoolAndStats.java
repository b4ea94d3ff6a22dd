package dev.kiln.model.pools;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** A pool as {@code instance-pools/get} and {@code list} show it: its spec, state and stats. */
public record InstancePoolAndStats(
    String instancePoolId,
    String instancePoolName,
    String nodeTypeId,
    Integer minIdleInstances,
    Integer maxCapacity,
    Integer idleInstanceAutoterminationMinutes,
    Map<String, String> customTags,
    Map<String, String> defaultTags,
    List<String> preloadedSparkVersions,
    JsonNode preloadedDockerImages,
    Boolean enableElasticDisk,
    JsonNode diskSpec,
    JsonNode awsAttributes,
    JsonNode azureAttributes,
    JsonNode gcpAttributes,
    JsonNode nodeTypeFlexibility,
    Long remoteDiskThroughput,
    Long totalInitialRemoteDiskSize,
    InstancePoolState state,
    InstancePoolStats stats,
    InstancePoolStatus status) {}
