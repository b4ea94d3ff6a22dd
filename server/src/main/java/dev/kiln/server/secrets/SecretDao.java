package dev.kiln.server.secrets;

import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Sealed secret values; never plaintext. */
@RegisterConstructorMapper(StoredSecret.class)
interface SecretDao {
  @SqlUpdate(
      "INSERT INTO secrets (scope, secret_key, master_key_id, ciphertext, last_updated_timestamp)"
          + " VALUES (:scope, :secretKey, :masterKeyId, :ciphertext, :lastUpdatedTimestamp)")
  void insert(@BindMethods StoredSecret secret);

  @SqlUpdate(
      "UPDATE secrets SET master_key_id = :masterKeyId, ciphertext = :ciphertext,"
          + " last_updated_timestamp = :lastUpdatedTimestamp"
          + " WHERE scope = :scope AND secret_key = :secretKey")
  int update(@BindMethods StoredSecret secret);

  @SqlQuery("SELECT * FROM secrets WHERE scope = :scope AND secret_key = :key")
  Optional<StoredSecret> get(@Bind("scope") String scope, @Bind("key") String key);

  @SqlQuery("SELECT * FROM secrets WHERE scope = :scope ORDER BY secret_key")
  List<StoredSecret> list(@Bind("scope") String scope);

  @SqlQuery("SELECT COUNT(*) FROM secrets WHERE scope = :scope")
  long count(@Bind("scope") String scope);

  @SqlUpdate("DELETE FROM secrets WHERE scope = :scope AND secret_key = :key")
  int delete(@Bind("scope") String scope, @Bind("key") String key);

  /** The keys that sealed the stored values, to find out at start whether one is missing. */
  @SqlQuery("SELECT DISTINCT master_key_id FROM secrets ORDER BY master_key_id")
  List<String> masterKeyIds();
}
