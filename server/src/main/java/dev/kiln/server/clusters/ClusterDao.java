package dev.kiln.server.clusters;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Clusters in the metadata store. */
@RegisterConstructorMapper(ClusterRow.class)
public interface ClusterDao {
  @SqlUpdate(
      "INSERT INTO clusters (cluster_id, cluster_name, spec, source, creator_user_name, state,"
          + " state_message, target_workers, pinned, generation, spark_context_id, spark_secret,"
          + " start_time, state_since, terminated_time, last_restarted_time, last_state_loss_time,"
          + " last_activity_time, termination_reason, log_status, deleted, created_at, version)"
          + " VALUES (:clusterId, :clusterName, :spec, :source, :creatorUserName, :state,"
          + " :stateMessage, :targetWorkers, :pinned, :generation, :sparkContextId, :sparkSecret,"
          + " :startTime, :stateSince, :terminatedTime, :lastRestartedTime, :lastStateLossTime,"
          + " :lastActivityTime, :terminationReason, :logStatus, :deleted, :createdAt, 0)")
  void insert(@BindMethods ClusterRow row);

  /**
   * Writes {@code row} if the stored version is still {@code row.version()}, and moves the version
   * on. Returns false when someone else changed the cluster first.
   */
  @SqlUpdate(
      "UPDATE clusters SET cluster_name = :clusterName, spec = :spec,"
          + " creator_user_name = :creatorUserName, state = :state, state_message = :stateMessage,"
          + " target_workers = :targetWorkers, pinned = :pinned, generation = :generation,"
          + " spark_context_id = :sparkContextId, start_time = :startTime,"
          + " state_since = :stateSince, terminated_time = :terminatedTime,"
          + " last_restarted_time = :lastRestartedTime,"
          + " last_state_loss_time = :lastStateLossTime, last_activity_time = :lastActivityTime,"
          + " termination_reason = :terminationReason, log_status = :logStatus,"
          + " deleted = :deleted, version = version + 1"
          + " WHERE cluster_id = :clusterId AND version = :version")
  boolean update(@BindMethods ClusterRow row);

  @SqlQuery("SELECT * FROM clusters WHERE cluster_id = :id")
  Optional<ClusterRow> byId(@Bind("id") String id);

  @SqlQuery("SELECT * FROM clusters WHERE NOT deleted")
  List<ClusterRow> listed();

  /** Clusters the reconciler still has work on. */
  @SqlQuery("SELECT * FROM clusters WHERE state NOT IN ('TERMINATED', 'ERROR') OR deleted")
  List<ClusterRow> unsettled();

  @SqlUpdate("DELETE FROM clusters WHERE cluster_id = :id")
  int delete(@Bind("id") String id);
}
