package dev.kiln.server.auth;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Tokens in the metadata store, found by the hash of their value. */
@RegisterConstructorMapper(Token.class)
public interface TokenDao {
  @SqlUpdate(
      "INSERT INTO tokens (token_id, token_hash, user_id, comment, creation_time, expiry_time)"
          + " VALUES (:tokenId, :tokenHash, :userId, :comment, :creationTime, :expiryTime)")
  void insert(@BindMethods Token token);

  @SqlQuery("SELECT * FROM tokens WHERE token_hash = :hash")
  Optional<Token> byHash(@Bind("hash") String hash);

  @SqlQuery(
      "SELECT t.token_id, t.expiry_time, t.last_accessed_time, u.id AS user_id, u.user_name,"
          + " u.admin, u.active FROM tokens t JOIN users u ON u.id = t.user_id"
          + " WHERE t.token_hash = :hash")
  @RegisterConstructorMapper(Credential.class)
  Optional<Credential> credential(@Bind("hash") String hash);

  @SqlQuery("SELECT * FROM tokens WHERE token_id = :id")
  Optional<Token> byId(@Bind("id") String tokenId);

  @SqlQuery("SELECT * FROM tokens WHERE user_id = :userId ORDER BY creation_time, token_id")
  List<Token> byUser(@Bind("userId") long userId);

  @SqlQuery("SELECT * FROM tokens ORDER BY creation_time, token_id")
  List<Token> all();

  @SqlQuery("SELECT COUNT(*) FROM tokens WHERE user_id = :userId")
  long countByUser(@Bind("userId") long userId);

  @SqlUpdate("UPDATE tokens SET last_accessed_time = :at WHERE token_id = :id")
  void touch(@Bind("id") String tokenId, @Bind("at") long at);

  @SqlUpdate("DELETE FROM tokens WHERE token_id = :id")
  int delete(@Bind("id") String tokenId);
}
