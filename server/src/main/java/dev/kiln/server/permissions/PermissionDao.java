package dev.kiln.server.permissions;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Direct grants on objects, of any type, in the metadata store. */
@RegisterConstructorMapper(PermissionDao.Row.class)
interface PermissionDao {
  /** One stored grant; {@code principalType} is a {@link Grantee.Kind} name. */
  record Row(String principalType, String principalName, String permissionLevel) {
    Grant grant() {
      return new Grant(
          new Grantee(Grantee.Kind.valueOf(principalType), principalName), permissionLevel);
    }
  }

  @SqlQuery(
      "SELECT principal_type, principal_name, permission_level FROM object_permissions"
          + " WHERE object_type = :type AND object_id = :id")
  List<Row> list(@Bind("type") String type, @Bind("id") String id);

  @SqlUpdate(
      "INSERT INTO object_permissions (object_type, object_id, principal_type, principal_name,"
          + " permission_level) VALUES (:type, :id, :principalType, :principalName, :level)")
  void insert(
      @Bind("type") String type,
      @Bind("id") String id,
      @Bind("principalType") String principalType,
      @Bind("principalName") String principalName,
      @Bind("level") String level);

  @SqlUpdate("DELETE FROM object_permissions WHERE object_type = :type AND object_id = :id")
  int deleteObject(@Bind("type") String type, @Bind("id") String id);

  @SqlUpdate(
      "DELETE FROM object_permissions WHERE principal_type = 'USER' AND principal_name = :name")
  int deleteUser(@Bind("name") String name);
}
