package dev.kiln.server.secrets;

import dev.kiln.model.secrets.AclItem;
import dev.kiln.model.secrets.AclPermission;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** ACLs of secret scopes: one permission per principal and scope. */
@RegisterConstructorMapper(AclItem.class)
interface AclDao {
  @SqlUpdate(
      "INSERT INTO secret_acls (scope, principal, permission)"
          + " VALUES (:scope, :principal, :permission)")
  void insert(
      @Bind("scope") String scope,
      @Bind("principal") String principal,
      @Bind("permission") AclPermission permission);

  @SqlUpdate(
      "UPDATE secret_acls SET permission = :permission"
          + " WHERE scope = :scope AND principal = :principal")
  int update(
      @Bind("scope") String scope,
      @Bind("principal") String principal,
      @Bind("permission") AclPermission permission);

  @SqlQuery(
      "SELECT principal, permission FROM secret_acls"
          + " WHERE scope = :scope AND principal = :principal")
  Optional<AclItem> get(@Bind("scope") String scope, @Bind("principal") String principal);

  @SqlQuery("SELECT principal, permission FROM secret_acls WHERE scope = :scope ORDER BY principal")
  List<AclItem> list(@Bind("scope") String scope);

  @SqlUpdate("DELETE FROM secret_acls WHERE scope = :scope AND principal = :principal")
  int delete(@Bind("scope") String scope, @Bind("principal") String principal);

  /** Inserts or replaces; callers hold the scope's lock, so the two steps do not race. */
  default void put(String scope, String principal, AclPermission permission) {
    if (update(scope, principal, permission) == 0) {
      insert(scope, principal, permission);
    }
  }

  @SqlUpdate("DELETE FROM secret_acls WHERE principal = :principal")
  int deleteForPrincipal(@Bind("principal") String principal);
}
