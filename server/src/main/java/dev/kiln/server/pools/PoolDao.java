package dev.kiln.server.pools;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Instance pools in the metadata store. */
@RegisterConstructorMapper(PoolRow.class)
public interface PoolDao {
  @SqlUpdate(
      "INSERT INTO instance_pools (instance_pool_id, instance_pool_name, node_type_id,"
          + " min_idle_instances, max_capacity, idle_minutes, spec, state, creator_user_name,"
          + " created_at, version) VALUES (:instancePoolId, :instancePoolName, :nodeTypeId,"
          + " :minIdleInstances, :maxCapacity, :idleMinutes, :spec, :state, :creatorUserName,"
          + " :createdAt, 0)")
  void insert(@BindMethods PoolRow row);

  /** Writes {@code row} if the stored version is still {@code row.version()}. */
  @SqlUpdate(
      "UPDATE instance_pools SET instance_pool_name = :instancePoolName,"
          + " min_idle_instances = :minIdleInstances, max_capacity = :maxCapacity,"
          + " idle_minutes = :idleMinutes, spec = :spec, state = :state, version = version + 1"
          + " WHERE instance_pool_id = :instancePoolId AND version = :version")
  boolean update(@BindMethods PoolRow row);

  @SqlQuery("SELECT * FROM instance_pools WHERE instance_pool_id = :id")
  Optional<PoolRow> byId(@Bind("id") String id);

  @SqlQuery("SELECT * FROM instance_pools WHERE state <> 'DELETED' ORDER BY created_at")
  List<PoolRow> active();

  /** Pools the reconciler has work on: active ones, and deleted ones whose instances may live. */
  @SqlQuery(
      "SELECT * FROM instance_pools p WHERE p.state <> 'DELETED' OR EXISTS (SELECT 1 FROM"
          + " cluster_nodes n WHERE n.pool_id = p.instance_pool_id AND n.cluster_id IS NULL"
          + " AND n.state <> 'GONE')")
  List<PoolRow> unsettled();
}
