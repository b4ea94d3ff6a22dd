package dev.kiln.server.secrets;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Secret scopes in the metadata store; deleting one deletes its secrets and ACLs (cascade). */
@RegisterConstructorMapper(Scope.class)
interface ScopeDao {
  @SqlUpdate(
      "INSERT INTO secret_scopes (name, backend_type, creator, created_at)"
          + " VALUES (:name, :backendType, :creator, :createdAt)")
  void insert(@BindMethods Scope scope);

  @SqlQuery("SELECT * FROM secret_scopes WHERE name = :name")
  Optional<Scope> byName(@Bind("name") String name);

  /** Locks the scope's row until the transaction ends: its changes happen one at a time. */
  @SqlQuery("SELECT * FROM secret_scopes WHERE name = :name FOR UPDATE")
  Optional<Scope> lock(@Bind("name") String name);

  @SqlQuery("SELECT * FROM secret_scopes ORDER BY name")
  List<Scope> all();

  /** Scopes with an ACL for any of {@code principals}: any ACL lets its holder read the scope. */
  @SqlQuery(
      "SELECT * FROM secret_scopes s WHERE EXISTS (SELECT 1 FROM secret_acls a"
          + " WHERE a.scope = s.name AND a.principal IN (<principals>)) ORDER BY s.name")
  List<Scope> visibleTo(@BindList("principals") List<String> principals);

  @SqlQuery("SELECT COUNT(*) FROM secret_scopes")
  long count();

  @SqlUpdate("DELETE FROM secret_scopes WHERE name = :name")
  int delete(@Bind("name") String name);
}
