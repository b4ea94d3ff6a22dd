package dev.kiln.server.clusters;

import dev.kiln.model.clusters.ClusterState;

/**
 * A cluster as stored: the user's spec as JSON and the lifecycle fields. Changes are written with
 * {@link ClusterDao#update}, which only succeeds on the version that was read.
 *
 * @param targetWorkers the number of workers the cluster should have now
 * @param generation grows with every (re)start; nodes of an older generation are stopped
 * @param stateSince when the cluster entered its current state (timeouts count from here)
 */
public record ClusterRow(
    String clusterId,
    String clusterName,
    String spec,
    String source,
    String creatorUserName,
    ClusterState state,
    String stateMessage,
    int targetWorkers,
    boolean pinned,
    int generation,
    long sparkContextId,
    String sparkSecret,
    long startTime,
    long stateSince,
    Long terminatedTime,
    Long lastRestartedTime,
    Long lastStateLossTime,
    Long lastActivityTime,
    String terminationReason,
    String logStatus,
    boolean deleted,
    long createdAt,
    long version) {

  public ClusterRow withState(ClusterState newState, String message, long now) {
    return new ClusterRow(
        clusterId,
        clusterName,
        spec,
        source,
        creatorUserName,
        newState,
        message,
        targetWorkers,
        pinned,
        generation,
        sparkContextId,
        sparkSecret,
        startTime,
        now,
        terminatedTime,
        lastRestartedTime,
        lastStateLossTime,
        lastActivityTime,
        terminationReason,
        logStatus,
        deleted,
        createdAt,
        version);
  }

  public ClusterRow withMessage(String message) {
    return new ClusterRow(
        clusterId,
        clusterName,
        spec,
        source,
        creatorUserName,
        state,
        message,
        targetWorkers,
        pinned,
        generation,
        sparkContextId,
        sparkSecret,
        startTime,
        stateSince,
        terminatedTime,
        lastRestartedTime,
        lastStateLossTime,
        lastActivityTime,
        terminationReason,
        logStatus,
        deleted,
        createdAt,
        version);
  }

  public ClusterRow withSpec(String newName, String newSpec, int newTargetWorkers) {
    return new ClusterRow(
        clusterId,
        newName,
        newSpec,
        source,
        creatorUserName,
        state,
        stateMessage,
        newTargetWorkers,
        pinned,
        generation,
        sparkContextId,
        sparkSecret,
        startTime,
        stateSince,
        terminatedTime,
        lastRestartedTime,
        lastStateLossTime,
        lastActivityTime,
        terminationReason,
        logStatus,
        deleted,
        createdAt,
        version);
  }

  public ClusterRow withTargetWorkers(int workers) {
    return withSpec(clusterName, spec, workers);
  }

  public ClusterRow withPinned(boolean value) {
    return new ClusterRow(
        clusterId,
        clusterName,
        spec,
        source,
        creatorUserName,
        state,
        stateMessage,
        targetWorkers,
        value,
        generation,
        sparkContextId,
        sparkSecret,
        startTime,
        stateSince,
        terminatedTime,
        lastRestartedTime,
        lastStateLossTime,
        lastActivityTime,
        terminationReason,
        logStatus,
        deleted,
        createdAt,
        version);
  }

  public ClusterRow withOwner(String userName) {
    return new ClusterRow(
        clusterId,
        clusterName,
        spec,
        source,
        userName,
        state,
        stateMessage,
        targetWorkers,
        pinned,
        generation,
        sparkContextId,
        sparkSecret,
        startTime,
        stateSince,
        terminatedTime,
        lastRestartedTime,
        lastStateLossTime,
        lastActivityTime,
        terminationReason,
        logStatus,
        deleted,
        createdAt,
        version);
  }

  /** A new start of the cluster's Spark: a new generation, context id and (re)start times. */
  public ClusterRow withNewGeneration(long contextId, long now, boolean restart) {
    return new ClusterRow(
        clusterId,
        clusterName,
        spec,
        source,
        creatorUserName,
        state,
        stateMessage,
        targetWorkers,
        pinned,
        generation + 1,
        contextId,
        sparkSecret,
        restart ? startTime : now,
        stateSince,
        null,
        restart ? Long.valueOf(now) : lastRestartedTime,
        lastStateLossTime,
        now,
        null,
        logStatus,
        deleted,
        createdAt,
        version);
  }

  public ClusterRow withTermination(String reasonJson, Long terminated) {
    return new ClusterRow(
        clusterId,
        clusterName,
        spec,
        source,
        creatorUserName,
        state,
        stateMessage,
        targetWorkers,
        pinned,
        generation,
        sparkContextId,
        sparkSecret,
        startTime,
        stateSince,
        terminated,
        lastRestartedTime,
        lastStateLossTime,
        lastActivityTime,
        reasonJson,
        logStatus,
        deleted,
        createdAt,
        version);
  }

  public ClusterRow withActivity(long at) {
    return new ClusterRow(
        clusterId,
        clusterName,
        spec,
        source,
        creatorUserName,
        state,
        stateMessage,
        targetWorkers,
        pinned,
        generation,
        sparkContextId,
        sparkSecret,
        startTime,
        stateSince,
        terminatedTime,
        lastRestartedTime,
        lastStateLossTime,
        at,
        terminationReason,
        logStatus,
        deleted,
        createdAt,
        version);
  }

  public ClusterRow withStateLoss(long at) {
    return new ClusterRow(
        clusterId,
        clusterName,
        spec,
        source,
        creatorUserName,
        state,
        stateMessage,
        targetWorkers,
        pinned,
        generation,
        sparkContextId,
        sparkSecret,
        startTime,
        stateSince,
        terminatedTime,
        lastRestartedTime,
        at,
        lastActivityTime,
        terminationReason,
        logStatus,
        deleted,
        createdAt,
        version);
  }

  public ClusterRow withLogStatus(String json) {
    return new ClusterRow(
        clusterId,
        clusterName,
        spec,
        source,
        creatorUserName,
        state,
        stateMessage,
        targetWorkers,
        pinned,
        generation,
        sparkContextId,
        sparkSecret,
        startTime,
        stateSince,
        terminatedTime,
        lastRestartedTime,
        lastStateLossTime,
        lastActivityTime,
        terminationReason,
        json,
        deleted,
        createdAt,
        version);
  }

  public ClusterRow withDeleted() {
    return new ClusterRow(
        clusterId,
        clusterName,
        spec,
        source,
        creatorUserName,
        state,
        stateMessage,
        targetWorkers,
        pinned,
        generation,
        sparkContextId,
        sparkSecret,
        startTime,
        stateSince,
        terminatedTime,
        lastRestartedTime,
        lastStateLossTime,
        lastActivityTime,
        terminationReason,
        logStatus,
        true,
        createdAt,
        version);
  }
}
