package dev.kiln.node;

import dev.kiln.model.node.InitScriptResult;
import dev.kiln.model.node.NodeFailureCode;
import dev.kiln.model.node.NodePhase;
import dev.kiln.model.node.NodeRole;
import dev.kiln.model.node.NodeStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's phase, message and init script results. Every change goes through the transition table
 * of {@link NodePhase} and is logged as one line.
 */
final class NodeState {
  private static final Logger log = LoggerFactory.getLogger(NodeState.class);

  private final String instanceId;
  private NodeRole role;
  private final long pid;
  private final long startedAt;
  private final List<InitScriptResult> initScripts = new ArrayList<>();
  private NodePhase phase;
  private String message;
  private NodeFailureCode failureCode;
  private Supplier<RoleStatus> spark = () -> RoleStatus.NONE;
  private Runnable onChange = () -> {};

  NodeState(String instanceId, NodeRole role, long pid, long startedAt) {
    this(instanceId, role, pid, startedAt, NodePhase.STARTING, "Starting");
  }

  /** A node that begins in {@code first}: WARMING for a pool's instance, without a role. */
  NodeState(
      String instanceId, NodeRole role, long pid, long startedAt, NodePhase first, String why) {
    this.instanceId = instanceId;
    this.role = role;
    this.pid = pid;
    this.startedAt = startedAt;
    this.phase = first;
    this.message = why;
    log.info("Node {} ({}) phase {}", instanceId, role == null ? "no role yet" : role, first);
  }

  /** Called after every change of phase, and by {@link #changed()}; must not block. */
  synchronized void onChange(Runnable listener) {
    this.onChange = listener;
  }

  /** Something the status reports changed besides the phase (e.g. the driver's Master is up). */
  void changed() {
    Runnable listener;
    synchronized (this) {
      listener = onChange;
    }
    listener.run();
  }

  /** A pool's instance got its role. */
  synchronized void role(NodeRole assigned) {
    this.role = assigned;
  }

  /** Moves to {@code next} if the table allows it; returns whether it moved. */
  synchronized boolean moveTo(NodePhase next, String why) {
    if (!phase.canMoveTo(next)) {
      log.debug("Node {} stays {}: no move to {} ({})", instanceId, phase, next, why);
      return false;
    }
    log.info("Node {} phase {} -> {}: {}", instanceId, phase, next, why);
    phase = next;
    message = why;
    onChange.run();
    return true;
  }

  synchronized boolean fail(NodeFailureCode code, String why) {
    boolean moved = moveTo(NodePhase.FAILED, why);
    if (moved) {
      failureCode = code;
    }
    return moved;
  }

  synchronized NodePhase phase() {
    return phase;
  }

  synchronized void addInitScript(InitScriptResult result) {
    initScripts.add(result);
  }

  /** Where the Spark fields of the status come from while Spark starts and once it is up. */
  synchronized void sparkStatus(Supplier<RoleStatus> source) {
    this.spark = source;
  }

  NodeStatus status() {
    NodePhase now;
    String text;
    NodeFailureCode code;
    List<InitScriptResult> scripts;
    Supplier<RoleStatus> source;
    NodeRole currentRole;
    synchronized (this) {
      currentRole = role;
      now = phase;
      text = message;
      code = failureCode;
      scripts = List.copyOf(initScripts);
      source = spark;
    }
    // Asking Spark may take a moment: never under the lock.
    boolean sparkUp = now == NodePhase.STARTING || now == NodePhase.READY;
    RoleStatus s = sparkUp ? source.get() : RoleStatus.NONE;
    return new NodeStatus(
        instanceId,
        currentRole,
        now,
        text,
        code,
        pid,
        startedAt,
        s.sparkRpcPort(),
        s.sparkUiPort(),
        s.masterUiPort(),
        s.masterUrl(),
        s.appId(),
        s.workers(),
        s.executors(),
        s.activeJobs(),
        s.activityCount(),
        scripts,
        s.activeCommands(),
        s.sparkConnectPort(),
        s.pendingTasks(),
        s.runningTasks(),
        s.taskSlots());
  }
}
