package dev.kiln.server.clusters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.ClusterState;
import java.util.function.Consumer;

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
  private static final ObjectMapper MAPPER = Json.mapper();

  /** The stored spec, read. */
  public ClusterSpec clusterSpec() {
    try {
      return MAPPER.readValue(spec, ClusterSpec.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("stored spec of " + clusterId + " is unreadable", e);
    }
  }

  public ClusterRow withState(ClusterState newState, String message, long now) {
    return with(
        c -> {
          c.state = newState;
          c.stateMessage = message;
          c.stateSince = now;
        });
  }

  public ClusterRow withSpec(String newName, String newSpec, int newTargetWorkers) {
    return with(
        c -> {
          c.clusterName = newName;
          c.spec = newSpec;
          c.targetWorkers = newTargetWorkers;
        });
  }

  public ClusterRow withTargetWorkers(int workers) {
    return with(c -> c.targetWorkers = workers);
  }

  public ClusterRow withPinned(boolean value) {
    return with(c -> c.pinned = value);
  }

  public ClusterRow withOwner(String userName) {
    return with(c -> c.creatorUserName = userName);
  }

  /** A new start of the cluster's Spark: a new generation, context id and (re)start times. */
  public ClusterRow withNewGeneration(long contextId, long now, boolean restart) {
    return with(
        c -> {
          c.generation = generation + 1;
          c.sparkContextId = contextId;
          c.terminatedTime = null;
          c.terminationReason = null;
          c.lastActivityTime = now;
          if (restart) {
            c.lastRestartedTime = now;
          } else {
            c.startTime = now;
          }
        });
  }

  public ClusterRow withTermination(String reasonJson, Long terminated) {
    return with(
        c -> {
          c.terminationReason = reasonJson;
          c.terminatedTime = terminated;
        });
  }

  public ClusterRow withActivity(long at) {
    return with(c -> c.lastActivityTime = at);
  }

  public ClusterRow withLogStatus(String json) {
    return with(c -> c.logStatus = json);
  }

  public ClusterRow withDeleted() {
    return with(c -> c.deleted = true);
  }

  /** A copy with the changes {@code change} makes; records have no withers of their own. */
  private ClusterRow with(Consumer<Copy> change) {
    Copy copy = new Copy(this);
    change.accept(copy);
    return copy.build();
  }

  /** The fields of a row being changed. */
  private static final class Copy {
    private String clusterId;
    private String clusterName;
    private String spec;
    private String source;
    private String creatorUserName;
    private ClusterState state;
    private String stateMessage;
    private int targetWorkers;
    private boolean pinned;
    private int generation;
    private long sparkContextId;
    private String sparkSecret;
    private long startTime;
    private long stateSince;
    private Long terminatedTime;
    private Long lastRestartedTime;
    private Long lastStateLossTime;
    private Long lastActivityTime;
    private String terminationReason;
    private String logStatus;
    private boolean deleted;
    private long createdAt;
    private long version;

    Copy(ClusterRow row) {
      this.clusterId = row.clusterId;
      this.clusterName = row.clusterName;
      this.spec = row.spec;
      this.source = row.source;
      this.creatorUserName = row.creatorUserName;
      this.state = row.state;
      this.stateMessage = row.stateMessage;
      this.targetWorkers = row.targetWorkers;
      this.pinned = row.pinned;
      this.generation = row.generation;
      this.sparkContextId = row.sparkContextId;
      this.sparkSecret = row.sparkSecret;
      this.startTime = row.startTime;
      this.stateSince = row.stateSince;
      this.terminatedTime = row.terminatedTime;
      this.lastRestartedTime = row.lastRestartedTime;
      this.lastStateLossTime = row.lastStateLossTime;
      this.lastActivityTime = row.lastActivityTime;
      this.terminationReason = row.terminationReason;
      this.logStatus = row.logStatus;
      this.deleted = row.deleted;
      this.createdAt = row.createdAt;
      this.version = row.version;
    }

    ClusterRow build() {
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
          deleted,
          createdAt,
          version);
    }
  }
}
