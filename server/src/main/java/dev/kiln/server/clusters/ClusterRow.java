package dev.kiln.server.clusters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.clusters.TerminationReason;
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

  /** TERMINATING since {@code now}, for {@code reason}. */
  public ClusterRow terminating(TerminationReason reason, String message, long now) {
    String reasonJson;
    try {
      reasonJson = MAPPER.writeValueAsString(reason);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return withTermination(reasonJson, null).withState(ClusterState.TERMINATING, message, now);
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

  /** A new row, every field named: see {@link Builder}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this row's fields. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy with the changes {@code change} makes. */
  private ClusterRow with(Consumer<Builder> change) {
    Builder copy = toBuilder();
    change.accept(copy);
    return copy.build();
  }

  /**
   * A row by field name, for new rows and the changes the withers make: records have no named
   * arguments of their own.
   */
  public static final class Builder {
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

    private Builder() {}

    private Builder(ClusterRow row) {
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

    public Builder clusterId(String value) {
      this.clusterId = value;
      return this;
    }

    public Builder clusterName(String value) {
      this.clusterName = value;
      return this;
    }

    public Builder spec(String value) {
      this.spec = value;
      return this;
    }

    public Builder source(String value) {
      this.source = value;
      return this;
    }

    public Builder creatorUserName(String value) {
      this.creatorUserName = value;
      return this;
    }

    public Builder state(ClusterState value) {
      this.state = value;
      return this;
    }

    public Builder stateMessage(String value) {
      this.stateMessage = value;
      return this;
    }

    public Builder targetWorkers(int value) {
      this.targetWorkers = value;
      return this;
    }

    public Builder pinned(boolean value) {
      this.pinned = value;
      return this;
    }

    public Builder generation(int value) {
      this.generation = value;
      return this;
    }

    public Builder sparkContextId(long value) {
      this.sparkContextId = value;
      return this;
    }

    public Builder sparkSecret(String value) {
      this.sparkSecret = value;
      return this;
    }

    public Builder startTime(long value) {
      this.startTime = value;
      return this;
    }

    public Builder stateSince(long value) {
      this.stateSince = value;
      return this;
    }

    public Builder terminatedTime(Long value) {
      this.terminatedTime = value;
      return this;
    }

    public Builder lastRestartedTime(Long value) {
      this.lastRestartedTime = value;
      return this;
    }

    public Builder lastStateLossTime(Long value) {
      this.lastStateLossTime = value;
      return this;
    }

    public Builder lastActivityTime(Long value) {
      this.lastActivityTime = value;
      return this;
    }

    public Builder terminationReason(String value) {
      this.terminationReason = value;
      return this;
    }

    public Builder logStatus(String value) {
      this.logStatus = value;
      return this;
    }

    public Builder deleted(boolean value) {
      this.deleted = value;
      return this;
    }

    public Builder createdAt(long value) {
      this.createdAt = value;
      return this;
    }

    public Builder version(long value) {
      this.version = value;
      return this;
    }

    public ClusterRow build() {
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
