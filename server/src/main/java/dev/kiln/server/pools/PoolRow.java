package dev.kiln.server.pools;

import dev.kiln.model.pools.InstancePoolState;

/**
 * An instance pool as stored: the user's spec as JSON and the columns the reconciler reads. Changes
 * are written with {@link PoolDao#update}, which only succeeds on the version read.
 *
 * @param maxCapacity the most instances, used and idle, the pool may have; null for no limit
 * @param idleMinutes how long an instance above {@code minIdleInstances} may stay idle
 */
public record PoolRow(
    String instancePoolId,
    String instancePoolName,
    String nodeTypeId,
    int minIdleInstances,
    Integer maxCapacity,
    int idleMinutes,
    String spec,
    InstancePoolState state,
    String creatorUserName,
    long createdAt,
    long version) {

  public boolean active() {
    return state == InstancePoolState.ACTIVE;
  }

  public PoolRow withSpec(String name, int minIdle, Integer max, int idle, String specJson) {
    return new PoolRow(
        instancePoolId,
        name,
        nodeTypeId,
        minIdle,
        max,
        idle,
        specJson,
        state,
        creatorUserName,
        createdAt,
        version);
  }

  public PoolRow deleted() {
    return new PoolRow(
        instancePoolId,
        instancePoolName,
        nodeTypeId,
        minIdleInstances,
        maxCapacity,
        idleMinutes,
        spec,
        InstancePoolState.DELETED,
        creatorUserName,
        createdAt,
        version);
  }
}
