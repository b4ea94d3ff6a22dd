package dev.kiln.server.libraries;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Cluster libraries in the metadata store, in the order they were first asked for. */
@RegisterConstructorMapper(LibraryRow.class)
public interface ClusterLibraryDao {
  @SqlUpdate(
      "INSERT INTO cluster_libraries (cluster_id, library_key, library, status, messages,"
          + " generation, uninstall_requested, created_at, updated_at)"
          + " VALUES (:clusterId, :key, :library, :status, :messages, :generation, FALSE, :now,"
          + " :now)")
  void insert(
      @Bind("clusterId") String clusterId,
      @Bind("key") String key,
      @Bind("library") String library,
      @Bind("status") String status,
      @Bind("messages") String messages,
      @Bind("generation") int generation,
      @Bind("now") long now);

  @SqlQuery("SELECT * FROM cluster_libraries WHERE cluster_id = :clusterId ORDER BY id")
  List<LibraryRow> ofCluster(@Bind("clusterId") String clusterId);

  @SqlQuery("SELECT * FROM cluster_libraries WHERE cluster_id = :clusterId AND library_key = :key")
  Optional<LibraryRow> find(@Bind("clusterId") String clusterId, @Bind("key") String key);

  @SqlQuery("SELECT * FROM cluster_libraries ORDER BY cluster_id, id")
  List<LibraryRow> all();

  @SqlQuery("SELECT DISTINCT cluster_id FROM cluster_libraries")
  List<String> clusterIds();

  /**
   * Moves a library from {@code from} (in generation {@code fromGeneration}) to {@code to}; false
   * when it changed meanwhile.
   */
  @SqlUpdate(
      "UPDATE cluster_libraries SET status = :to, messages = :messages, generation = :generation,"
          + " updated_at = :now"
          + " WHERE id = :id AND status = :from AND generation = :fromGeneration")
  boolean move(
      @Bind("id") long id,
      @Bind("from") String from,
      @Bind("fromGeneration") int fromGeneration,
      @Bind("to") String to,
      @Bind("messages") String messages,
      @Bind("generation") int generation,
      @Bind("now") long now);

  @SqlUpdate(
      "UPDATE cluster_libraries SET uninstall_requested = :requested, updated_at = :now"
          + " WHERE id = :id")
  void requestUninstall(
      @Bind("id") long id, @Bind("requested") boolean requested, @Bind("now") long now);

  @SqlUpdate("DELETE FROM cluster_libraries WHERE id = :id")
  void delete(@Bind("id") long id);
}
