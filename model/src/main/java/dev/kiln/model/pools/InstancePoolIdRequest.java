package dev.kiln.model.pools;

/** {@code instance-pools/delete}: {@code {instance_pool_id}}. */
public record InstancePoolIdRequest(String instancePoolId) {}
