package dev.kiln.server.clusters;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.Define;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Cluster events in the metadata store. Time bounds are inclusive; {@code order} is {@code ASC} or
 * {@code DESC} (defined into the SQL, never user text).
 */
@RegisterConstructorMapper(ClusterEventDao.Row.class)
public interface ClusterEventDao {
  /** One stored event; {@code details} is its EventDetails JSON. */
  record Row(long id, String clusterId, long ts, String type, String details) {}

  String WHERE =
      " WHERE cluster_id = :clusterId AND ts >= :start AND ts <= :end AND type IN (<types>)";

  @SqlUpdate(
      "INSERT INTO cluster_events (cluster_id, ts, type, details)"
          + " VALUES (:clusterId, :ts, :type, :details)")
  void insert(
      @Bind("clusterId") String clusterId,
      @Bind("ts") long ts,
      @Bind("type") String type,
      @Bind("details") String details);

  @SqlQuery(
      "SELECT id, cluster_id, ts, type, details FROM cluster_events"
          + WHERE
          + " ORDER BY ts <order>, id <order> LIMIT :limit OFFSET :offset")
  List<Row> page(
      @Bind("clusterId") String clusterId,
      @Bind("start") long start,
      @Bind("end") long end,
      @BindList("types") List<String> types,
      @Define("order") String order,
      @Bind("limit") int limit,
      @Bind("offset") long offset);

  @SqlQuery("SELECT COUNT(*) FROM cluster_events" + WHERE)
  long count(
      @Bind("clusterId") String clusterId,
      @Bind("start") long start,
      @Bind("end") long end,
      @BindList("types") List<String> types);

  @SqlUpdate("DELETE FROM cluster_events WHERE cluster_id = :clusterId")
  int deleteFor(@Bind("clusterId") String clusterId);
}
