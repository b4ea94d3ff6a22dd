package dev.kiln.model.clusters;

/**
 * One entry of {@code clusters/list-node-types}. Every field is always set: the Python SDK sorts
 * node types on several of them and fails on a missing one.
 */
public record NodeType(
    String nodeTypeId,
    Long memoryMb,
    Double numCores,
    String description,
    String instanceTypeId,
    String category,
    Long numGpus,
    Boolean isDeprecated,
    Boolean isHidden,
    Boolean isIoCacheEnabled,
    Boolean supportPortForwarding,
    Boolean photonDriverCapable,
    Boolean photonWorkerCapable,
    Boolean isGraviton,
    Boolean isEncryptedInTransit,
    NodeInstanceType nodeInstanceType,
    NodeInfo nodeInfo,
    Long displayOrder,
    Boolean supportEbsVolumes,
    Boolean supportClusterTags) {}
