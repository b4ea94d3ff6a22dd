package dev.kiln.server;

import dev.kiln.server.clusters.ClusterReconciler;
import dev.kiln.server.pools.PoolReconciler;

/** The compute reconcilers, started and closed together: clusters first, then pools. */
record Reconcilers(ClusterReconciler clusters, PoolReconciler pools) implements AutoCloseable {
  void start() {
    clusters.start();
    pools.start();
  }

  @Override
  public void close() {
    pools.close();
    clusters.close();
  }
}
