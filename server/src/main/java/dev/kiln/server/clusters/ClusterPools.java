package dev.kiln.server.clusters;

import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.node.NodeRole;
import dev.kiln.server.api.Principal;
import dev.kiln.server.compute.NodeRow;

/**
 * What clusters need from instance pools (package {@code pools} implements it): node types from a
 * pool, and nodes taken from one. Calls that take or count instances run under the admission lock.
 */
public interface ClusterPools {
  /**
   * The spec with its node types taken from its pools ({@code instance_pool_id}, {@code
   * driver_instance_pool_id}); fails with INVALID_PARAMETER_VALUE when a pool does not exist or a
   * node type given differs from its pool's, and with PERMISSION_DENIED when {@code who} may not
   * attach clusters to a pool. A spec without pools comes back as it is.
   */
  ClusterSpec resolve(ClusterSpec spec, Principal who);

  /** How many instances of the pool no cluster took yet (they are placed on the host already). */
  int unassigned(String poolId);

  /**
   * How many more instances clusters may take or launch from the pool before it reaches its
   * max_capacity (its free instances count as room); {@link Integer#MAX_VALUE} without a max, -1
   * for a pool that does not exist.
   */
  int room(String poolId);

  /** A node of {@code role} for {@code cluster} from the pool {@code poolId}. */
  Acquired acquire(String poolId, ClusterRow cluster, NodeRole role);

  /** What a cluster gets from a pool. */
  sealed interface Acquired {
    /** An instance that no cluster had, now the cluster's (it still needs its role). */
    record Taken(NodeRow node) implements Acquired {}

    /** None is free, but the pool may grow: launch a new node that counts as the pool's. */
    record Launch() implements Acquired {}

    /** The pool is at its max_capacity. */
    record Full(String why) implements Acquired {}

    /** The pool does not exist (any more). */
    record NotFound(String why) implements Acquired {}
  }

  /** No pools: specs with a pool are refused. */
  ClusterPools NONE =
      new ClusterPools() {
        @Override
        public ClusterSpec resolve(ClusterSpec spec, Principal who) {
          if (spec.instancePoolId() != null || spec.driverInstancePoolId() != null) {
            throw dev.kiln.server.api.ApiException.invalid("Instance pools are not available");
          }
          return spec;
        }

        @Override
        public int unassigned(String poolId) {
          return 0;
        }

        @Override
        public int room(String poolId) {
          return -1;
        }

        @Override
        public Acquired acquire(String poolId, ClusterRow cluster, NodeRole role) {
          return new Acquired.NotFound("Instance pools are not available");
        }
      };
}
