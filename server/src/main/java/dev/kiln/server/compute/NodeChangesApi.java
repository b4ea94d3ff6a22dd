package dev.kiln.server.compute;

import dev.kiln.server.api.ApiServer;
import dev.kiln.server.api.Router;
import java.util.Map;

/**
 * {@code POST /api/2.0/kiln/node/changed}: a node says its status changed (a phase, its Master up),
 * with its own credentials. The reconcilers then look at once instead of at their next tick: the
 * news is only a hint, what they act on is the status they read from the node themselves.
 */
public final class NodeChangesApi {
  static final String ROUTE = ApiServer.NODE_API + "changed";

  private final NodeAuth nodes;
  private final Runnable wakeClusters;
  private final Runnable wakePools;

  public NodeChangesApi(NodeAuth nodes, Runnable wakeClusters, Runnable wakePools) {
    this.nodes = nodes;
    this.wakeClusters = wakeClusters;
    this.wakePools = wakePools;
  }

  public void register(Router router) {
    router.post(
        ROUTE,
        ctx -> {
          NodeRow node = nodes.authenticate(ctx);
          wakeClusters.run();
          if (node.poolId() != null) {
            wakePools.run(); // an instance became idle, or a cluster's start may wait for one
          }
          ctx.json(Map.of());
        });
  }
}
