package dev.kiln.server.auth;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Users in the metadata store. */
@RegisterConstructorMapper(User.class)
public interface UserDao {
  @SqlUpdate(
      "INSERT INTO users (user_name, display_name, active, admin, created_at)"
          + " VALUES (:userName, :displayName, :active, :admin, :createdAt)")
  @GetGeneratedKeys("id")
  long insert(
      @Bind("userName") String userName,
      @Bind("displayName") String displayName,
      @Bind("active") boolean active,
      @Bind("admin") boolean admin,
      @Bind("createdAt") long createdAt);

  @SqlQuery("SELECT * FROM users WHERE id = :id")
  Optional<User> byId(@Bind("id") long id);

  @SqlQuery("SELECT * FROM users WHERE user_name = :userName")
  Optional<User> byName(@Bind("userName") String userName);

  @SqlQuery("SELECT * FROM users ORDER BY id")
  List<User> all();

  @SqlQuery("SELECT COUNT(*) FROM users")
  long count();

  @SqlUpdate("DELETE FROM users WHERE id = :id")
  int delete(@Bind("id") long id);
}
