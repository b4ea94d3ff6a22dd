package dev.kiln.server.compute;

import dev.kiln.model.node.NodeRole;
import java.nio.file.Path;

/**
 * A node as stored: identity, size, where its process and files are.
 *
 * @param dir the node's folder: its spec, port file, logs and Spark work dir
 * @param stopRequested when the control plane asked it to stop (grace periods count from here)
 * @param unreachableSince when its port first stopped answering, while its process lived
 * @param sparkConnectPort where a driver's Spark Connect server listens, once it is up
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
    Integer sparkConnectPort) {

  public Path path() {
    return Path.of(dir);
  }

  public boolean isDriver() {
    return role == NodeRole.DRIVER;
  }

  public boolean isLive() {
    return state != NodeState.GONE;
  }

  public NodeRow withPid(long newPid) {
    return new NodeRow(
        instanceId,
        clusterId,
        generation,
        role,
        nodeTypeId,
        cores,
        memoryMb,
        state,
        newPid,
        port,
        nodeSecret,
        dir,
        sparkRpcPort,
        sparkUiPort,
        startTimestamp,
        stopRequested,
        endTimestamp,
        unreachableSince,
        sparkConnectPort);
  }

  /** Its port is known: the node's HTTP server listens. */
  public NodeRow up(int newPort) {
    NodeState next = state == NodeState.LAUNCHING ? NodeState.UP : state;
    return new NodeRow(
        instanceId,
        clusterId,
        generation,
        role,
        nodeTypeId,
        cores,
        memoryMb,
        next,
        pid,
        newPort,
        nodeSecret,
        dir,
        sparkRpcPort,
        sparkUiPort,
        startTimestamp,
        stopRequested,
        endTimestamp,
        unreachableSince,
        sparkConnectPort);
  }

  public NodeRow stopping(long at) {
    return new NodeRow(
        instanceId,
        clusterId,
        generation,
        role,
        nodeTypeId,
        cores,
        memoryMb,
        NodeState.STOPPING,
        pid,
        port,
        nodeSecret,
        dir,
        sparkRpcPort,
        sparkUiPort,
        startTimestamp,
        at,
        endTimestamp,
        unreachableSince,
        sparkConnectPort);
  }

  public NodeRow gone(long at) {
    return new NodeRow(
        instanceId,
        clusterId,
        generation,
        role,
        nodeTypeId,
        cores,
        memoryMb,
        NodeState.GONE,
        pid,
        port,
        nodeSecret,
        dir,
        sparkRpcPort,
        sparkUiPort,
        startTimestamp,
        stopRequested,
        at,
        unreachableSince,
        sparkConnectPort);
  }

  public NodeRow unreachable(Long since) {
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
        since,
        sparkConnectPort);
  }

  public NodeRow reachable() {
    return unreachable(null);
  }

  public NodeRow withSparkPorts(Integer rpcPort, Integer uiPort, Integer connectPort) {
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
        rpcPort,
        uiPort,
        startTimestamp,
        stopRequested,
        endTimestamp,
        unreachableSince,
        connectPort);
  }
}
