package dev.kiln.server.compute;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Node processes in the metadata store. */
@RegisterConstructorMapper(NodeRow.class)
public interface NodeDao {
  @SqlUpdate(
      "INSERT INTO cluster_nodes (instance_id, cluster_id, generation, role, node_type_id, cores,"
          + " memory_mb, state, pid, port, node_secret, dir, spark_rpc_port, spark_ui_port,"
          + " start_timestamp, stop_requested, end_timestamp, unreachable_since,"
          + " spark_connect_port, pool_id, idle_since, decommissioned)"
          + " VALUES (:instanceId, :clusterId, :generation, :role, :nodeTypeId, :cores,"
          + " :memoryMb, :state, :pid, :port, :nodeSecret, :dir, :sparkRpcPort, :sparkUiPort,"
          + " :startTimestamp, :stopRequested, :endTimestamp, :unreachableSince,"
          + " :sparkConnectPort, :poolId, :idleSince, :decommissioned)")
  void insert(@BindMethods NodeRow node);

  @SqlUpdate(
      "UPDATE cluster_nodes SET state = :state, pid = :pid, port = :port,"
          + " spark_rpc_port = :sparkRpcPort, spark_ui_port = :sparkUiPort,"
          + " spark_connect_port = :sparkConnectPort,"
          + " stop_requested = :stopRequested, end_timestamp = :endTimestamp,"
          + " unreachable_since = :unreachableSince, idle_since = :idleSince,"
          + " decommissioned = :decommissioned WHERE instance_id = :instanceId")
  void update(@BindMethods NodeRow node);

  @SqlQuery("SELECT * FROM cluster_nodes WHERE instance_id = :id")
  Optional<NodeRow> byId(@Bind("id") String instanceId);

  @SqlQuery(
      "SELECT * FROM cluster_nodes WHERE cluster_id = :clusterId ORDER BY start_timestamp,"
          + " instance_id")
  List<NodeRow> ofCluster(@Bind("clusterId") String clusterId);

  @SqlQuery(
      "SELECT * FROM cluster_nodes WHERE cluster_id = :clusterId AND state <> 'GONE'"
          + " ORDER BY start_timestamp, instance_id")
  List<NodeRow> liveOf(@Bind("clusterId") String clusterId);

  @SqlQuery("SELECT * FROM cluster_nodes")
  List<NodeRow> all();

  @SqlQuery("SELECT * FROM cluster_nodes WHERE state <> 'GONE'")
  List<NodeRow> live();

  /** A pool's live instances, taken or not. */
  @SqlQuery(
      "SELECT * FROM cluster_nodes WHERE pool_id = :poolId AND state <> 'GONE'"
          + " ORDER BY start_timestamp, instance_id")
  List<NodeRow> liveOfPool(@Bind("poolId") String poolId);

  /**
   * Gives a pool's instance that no cluster took yet to a cluster, as its node of {@code role}:
   * false when another cluster took it first or it is no longer live.
   */
  @SqlUpdate(
      "UPDATE cluster_nodes SET cluster_id = :clusterId, generation = :generation, role = :role"
          + " WHERE instance_id = :instanceId AND cluster_id IS NULL"
          + " AND state IN ('LAUNCHING', 'UP')")
  boolean take(
      @Bind("instanceId") String instanceId,
      @Bind("clusterId") String clusterId,
      @Bind("generation") int generation,
      @Bind("role") String role);

  /** Marks a pool's free instance as stopping, unless a cluster took it: false then. */
  @SqlUpdate(
      "UPDATE cluster_nodes SET state = 'STOPPING', stop_requested = :at"
          + " WHERE instance_id = :instanceId AND cluster_id IS NULL"
          + " AND state IN ('LAUNCHING', 'UP')")
  boolean stopFree(@Bind("instanceId") String instanceId, @Bind("at") long at);

  /** Forgets a deleted pool's instances that ended and never joined a cluster. */
  @SqlUpdate("DELETE FROM cluster_nodes WHERE pool_id = :poolId AND cluster_id IS NULL")
  void deleteUnassignedOfPool(@Bind("poolId") String poolId);

  @SqlUpdate("DELETE FROM cluster_nodes WHERE cluster_id = :clusterId")
  void deleteCluster(@Bind("clusterId") String clusterId);
}
