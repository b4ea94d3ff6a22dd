package dev.kiln.server.compute;

import dev.kiln.model.node.NodeSpec;
import dev.kiln.model.node.PoolInstanceSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Where nodes run: the reconcilers decide which nodes a cluster or pool needs, a backend starts,
 * watches and stops their processes. Every call names the node by its row (its instance id tags the
 * process), so a backend keeps nothing that matters in memory and may run the nodes on another
 * host: {@link LocalCompute} runs them on this one.
 */
public interface ComputeBackend {
  /** What a node's process shows now. */
  record Observed(Long pid, boolean running, Integer port) {
    /** No process found (yet): a launch that has not begun, or one that never will. */
    public static Observed none() {
      return new Observed(null, false, null);
    }
  }

  /** How to stop a process: TERM asks it to stop cleanly, KILL ends it. */
  enum Signal {
    TERM,
    KILL
  }

  /** The room the backend has for nodes. */
  HostCapacity capacity();

  /**
   * Starts a cluster's node with its spec.
   *
   * @param heapMb the node JVM's heap
   * @param env the user's {@code spark_env_vars}
   * @return the id of the node's process
   */
  long launch(NodeRow node, NodeSpec spec, int heapMb, Map<String, String> env) throws IOException;

  /**
   * Starts a pool's instance: a node without a role yet, which warms up and waits for one.
   *
   * @param heapMb the node JVM's heap: enough for the role it will take, whichever
   * @return the id of the instance's process
   */
  long launchPoolInstance(NodeRow node, PoolInstanceSpec spec, int heapMb) throws IOException;

  /**
   * The node's process: the one of its row's pid, or for a launch the store never saw finish, the
   * one found by its tag; whether it still runs as that node; the port its API listens on, once it
   * does (read only while the row has none).
   */
  Observed observe(NodeRow node);

  /** Signals the node's process, if it has one. */
  void signal(NodeRow node, Signal signal);

  /**
   * Signals what of a cluster still runs besides its nodes (the executors their Workers forked end
   * with them within seconds, normally). Returns how many processes that was: 0 when none is left.
   */
  int signalLeftovers(String clusterId, Signal signal);

  /**
   * Makes the executor class data archive an idle pool instance wrote (when it found none) the
   * shared one at {@code archive}, which later instances and executors start with.
   */
  void adoptArchive(NodeRow instance, Path archive);
}
