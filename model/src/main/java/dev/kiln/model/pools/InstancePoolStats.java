package dev.kiln.model.pools;

/**
 * A pool's instances by what they do: {@code used} ones belong to clusters, {@code idle} ones wait
 * warm; {@code pending} ones are still starting (for a cluster, or to become idle).
 */
public record InstancePoolStats(
    Integer usedCount, Integer idleCount, Integer pendingUsedCount, Integer pendingIdleCount) {}
