package dev.kiln.model.node;

import java.util.Objects;

/**
 * What the control plane tells a pool's instance, written to {@code <nodeDir>/pool.json} before it
 * starts: who it is and how to warm up. Its role comes later, as a {@link NodeSpec} posted to
 * {@code /assign} with the same instance id and node secret.
 *
 * @param warmInterpreters also warm the execution contexts' interpreters (the pool preloads the
 *     runtime in {@code preloaded_spark_versions})
 * @param executorArchive a class data archive for executor JVMs: written at warm-up when missing
 *     (by the warm-up's own executor), used by the executors of clusters once there; null for none
 * @param executorMemoryMb the heap of the executors of clusters on this node type: the instance
 *     keeps a standby executor JVM of that size ready (0: none)
 */
public record PoolInstanceSpec(
    String poolId,
    String instanceId,
    String nodeSecret,
    int cores,
    int memoryMb,
    String instanceType,
    long orphanTimeoutSeconds,
    String controlPlaneUrl,
    boolean warmInterpreters,
    String executorArchive,
    int executorMemoryMb) {

  public PoolInstanceSpec {
    Objects.requireNonNull(poolId, "pool_id");
    Objects.requireNonNull(instanceId, "instance_id");
    if (nodeSecret == null || nodeSecret.isEmpty()) {
      throw new IllegalArgumentException("node_secret is required");
    }
    if (cores < 0 || memoryMb < 0 || orphanTimeoutSeconds < 0 || executorMemoryMb < 0) {
      throw new IllegalArgumentException("cores, memory and timeouts cannot be negative");
    }
  }
}
