package dev.kiln.server.compute;

import dev.kiln.model.node.NodeRole;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * A node as stored: identity, size, where its process and files are.
 *
 * @param dir the node's folder: its spec, port file, logs and Spark work dir
 * @param stopRequested when the control plane asked it to stop (grace periods count from here)
 * @param unreachableSince when its port first stopped answering, while its process lived
 * @param sparkConnectPort where a driver's Spark Connect server listens, once it is up
 * @param clusterId the cluster the node belongs to; null for a pool's instance that no cluster took
 *     yet (its role is null too)
 * @param poolId the instance pool the node came from, if any
 * @param idleSince when a pool's instance was first seen warm and waiting for a role
 * @param decommissioned when autoscaling asked this worker to decommission (then it is stopped)
 */
public record NodeRow(
    String instanceId,
    String clusterId,
    int generation,
    NodeRole role,
    String nodeTypeId,
    int cores,
    int memoryMb,
    NodeState state,
    Long pid,
    Integer port,
    String nodeSecret,
    String dir,
    Integer sparkRpcPort,
    Integer sparkUiPort,
    long startTimestamp,
    Long stopRequested,
    Long endTimestamp,
    Long unreachableSince,
    Integer sparkConnectPort,
    String poolId,
    Long idleSince,
    Long decommissioned) {

  public Path path() {
    return Path.of(dir);
  }

  public boolean isDriver() {
    return role == NodeRole.DRIVER;
  }

  public boolean isLive() {
    return state != NodeState.GONE;
  }

  /** A pool's instance that no cluster took yet. */
  public boolean isUnassigned() {
    return clusterId == null;
  }

  public NodeRow idle(Long since) {
    return with(c -> c.idleSince = since);
  }

  public NodeRow decommissioned(long at) {
    return with(c -> c.decommissioned = at);
  }

  public NodeRow withPid(long newPid) {
    return with(c -> c.pid = newPid);
  }

  /** Its port is known: the node's HTTP server listens. */
  public NodeRow up(int newPort) {
    return with(
        c -> {
          c.port = newPort;
          if (state == NodeState.LAUNCHING) {
            c.state = NodeState.UP;
          }
        });
  }

  public NodeRow stopping(long at) {
    return with(
        c -> {
          c.state = NodeState.STOPPING;
          c.stopRequested = at;
        });
  }

  public NodeRow gone(long at) {
    return with(
        c -> {
          c.state = NodeState.GONE;
          c.endTimestamp = at;
        });
  }

  public NodeRow unreachable(Long since) {
    return with(c -> c.unreachableSince = since);
  }

  public NodeRow reachable() {
    return unreachable(null);
  }

  public NodeRow withSparkPorts(Integer rpcPort, Integer uiPort, Integer connectPort) {
    return with(
        c -> {
          c.sparkRpcPort = rpcPort;
          c.sparkUiPort = uiPort;
          c.sparkConnectPort = connectPort;
        });
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
  private NodeRow with(Consumer<Builder> change) {
    Builder copy = toBuilder();
    change.accept(copy);
    return copy.build();
  }

  /**
   * A row by field name, for new rows and the changes the withers make: records have no named
   * arguments of their own.
   */
  public static final class Builder {
    private String instanceId;
    private String clusterId;
    private int generation;
    private NodeRole role;
    private String nodeTypeId;
    private int cores;
    private int memoryMb;
    private NodeState state;
    private Long pid;
    private Integer port;
    private String nodeSecret;
    private String dir;
    private Integer sparkRpcPort;
    private Integer sparkUiPort;
    private long startTimestamp;
    private Long stopRequested;
    private Long endTimestamp;
    private Long unreachableSince;
    private Integer sparkConnectPort;
    private String poolId;
    private Long idleSince;
    private Long decommissioned;

    private Builder() {}

    private Builder(NodeRow row) {
      this.instanceId = row.instanceId;
      this.clusterId = row.clusterId;
      this.generation = row.generation;
      this.role = row.role;
      this.nodeTypeId = row.nodeTypeId;
      this.cores = row.cores;
      this.memoryMb = row.memoryMb;
      this.state = row.state;
      this.pid = row.pid;
      this.port = row.port;
      this.nodeSecret = row.nodeSecret;
      this.dir = row.dir;
      this.sparkRpcPort = row.sparkRpcPort;
      this.sparkUiPort = row.sparkUiPort;
      this.startTimestamp = row.startTimestamp;
      this.stopRequested = row.stopRequested;
      this.endTimestamp = row.endTimestamp;
      this.unreachableSince = row.unreachableSince;
      this.sparkConnectPort = row.sparkConnectPort;
      this.poolId = row.poolId;
      this.idleSince = row.idleSince;
      this.decommissioned = row.decommissioned;
    }

    public Builder instanceId(String value) {
      this.instanceId = value;
      return this;
    }

    public Builder clusterId(String value) {
      this.clusterId = value;
      return this;
    }

    public Builder generation(int value) {
      this.generation = value;
      return this;
    }

    public Builder role(NodeRole value) {
      this.role = value;
      return this;
    }

    public Builder nodeTypeId(String value) {
      this.nodeTypeId = value;
      return this;
    }

    public Builder cores(int value) {
      this.cores = value;
      return this;
    }

    public Builder memoryMb(int value) {
      this.memoryMb = value;
      return this;
    }

    public Builder state(NodeState value) {
      this.state = value;
      return this;
    }

    public Builder pid(Long value) {
      this.pid = value;
      return this;
    }

    public Builder port(Integer value) {
      this.port = value;
      return this;
    }

    public Builder nodeSecret(String value) {
      this.nodeSecret = value;
      return this;
    }

    public Builder dir(String value) {
      this.dir = value;
      return this;
    }

    public Builder sparkRpcPort(Integer value) {
      this.sparkRpcPort = value;
      return this;
    }

    public Builder sparkUiPort(Integer value) {
      this.sparkUiPort = value;
      return this;
    }

    public Builder startTimestamp(long value) {
      this.startTimestamp = value;
      return this;
    }

    public Builder stopRequested(Long value) {
      this.stopRequested = value;
      return this;
    }

    public Builder endTimestamp(Long value) {
      this.endTimestamp = value;
      return this;
    }

    public Builder unreachableSince(Long value) {
      this.unreachableSince = value;
      return this;
    }

    public Builder sparkConnectPort(Integer value) {
      this.sparkConnectPort = value;
      return this;
    }

    public Builder poolId(String value) {
      this.poolId = value;
      return this;
    }

    public Builder idleSince(Long value) {
      this.idleSince = value;
      return this;
    }

    public Builder decommissioned(Long value) {
      this.decommissioned = value;
      return this;
    }

    public NodeRow build() {
      return new NodeRow(
          instanceId,
          clusterId,
          generation,
          role,
          nodeTypeId,
          cores,
          memoryMb,
          state,
          pid,
          port,
          nodeSecret,
          dir,
          sparkRpcPort,
          sparkUiPort,
          startTimestamp,
          stopRequested,
          endTimestamp,
          unreachableSince,
          sparkConnectPort,
          poolId,
          idleSince,
          decommissioned);
    }
  }
}
