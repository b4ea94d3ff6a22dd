package dev.kiln.server.compute;

import dev.kiln.server.compute.ComputeBackend.Observed;
import dev.kiln.server.compute.ComputeBackend.Signal;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * The node processes' side of the cluster and pool reconcilers: a node's row brought up to date
 * with what its backend observes, and a node stopped with growing force as its grace runs out.
 */
public final class NodeProcesses {
  private final ComputeBackend compute;
  private final NodeDao nodes;
  private final NodeClient client;
  private final Clock clock;
  private final Duration launchTimeout;
  private final Duration stopGrace;

  /**
   * @param launchTimeout how long a node may take to start its process and open its port
   * @param stopGrace how long a node may take to stop once asked, and again once sent SIGTERM
   */
  public NodeProcesses(
      ComputeBackend compute,
      NodeDao nodes,
      NodeClient client,
      Clock clock,
      Duration launchTimeout,
      Duration stopGrace) {
    this.compute = compute;
    this.nodes = nodes;
    this.client = client;
    this.clock = clock;
    this.launchTimeout = launchTimeout;
    this.stopGrace = stopGrace;
  }

  /**
   * The node's row as its process shows it now (the caller writes it): the pid of a launch the
   * store never saw finish, the port once the node listens, GONE once its process ended or its
   * launch never began. A node that does not listen within the launch timeout is killed.
   */
  public NodeRow refresh(NodeRow node) {
    long now = clock.millis();
    boolean late = now - node.startTimestamp() > launchTimeout.toMillis();
    Observed seen = compute.observe(node);
    if (seen.pid() == null) {
      return late ? node.gone(now) : node;
    }
    NodeRow n = node.pid() == null ? node.withPid(seen.pid()) : node;
    if (!seen.running()) {
      return n.gone(now);
    }
    if (n.port() == null && seen.port() != null) {
      return n.up(seen.port());
    }
    if (n.port() == null && late) {
      compute.signal(n, Signal.KILL);
    }
    return n;
  }

  /** Whether {@link #refresh} found the node's process ended (not a launch that never began). */
  public static boolean ended(NodeRow before, NodeRow after) {
    return before.isLive() && !after.isLive() && after.pid() != null;
  }

  /**
   * Asks a node to stop, then escalates to SIGTERM and SIGKILL as its grace runs out; marks it GONE
   * once its process ended.
   *
   * @param markStopping marks the node STOPPING before it is asked (so nothing takes it meanwhile);
   *     false when it may not be stopped after all
   */
  public void stop(NodeRow node, Predicate<NodeRow> markStopping) {
    long now = clock.millis();
    if (node.stopRequested() == null) {
      if (!markStopping.test(node)) {
        return;
      }
      // A node that is not listening yet cannot take the request; SIGTERM stops it as cleanly.
      if (!client.stop(node)) {
        compute.signal(node, Signal.TERM);
      }
      return;
    }
    if (node.pid() == null || !compute.observe(node).running()) {
      nodes.update(node.gone(now));
      return;
    }
    long waited = now - node.stopRequested();
    if (waited > 2 * stopGrace.toMillis()) {
      compute.signal(node, Signal.KILL);
    } else if (waited > stopGrace.toMillis()) {
      compute.signal(node, Signal.TERM);
    }
  }
}
