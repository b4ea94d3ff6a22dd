package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.kiln.driver.catalog.DataConf;
import dev.kiln.server.config.KilnConfig;
import dev.kiln.server.metastore.MetastoreServer;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metastore's PostgreSQL database and role, on the test server (PostgreSQL pass only), with a
 * store user that is no superuser, as on a real install: clusters get the metastore's credentials,
 * which open the metastore and nothing of the store; the store's credentials are never used for it.
 */
class MetastoreRoleStoreTest {
  @TempDir Path home;
  private String server;
  private String storeUser;
  private String storeDb;
  private final String storePassword = "store-" + UUID.randomUUID();

  @BeforeEach
  void storeUser() throws SQLException {
    assumeTrue(TestStore.isPostgres(), "PostgreSQL pass only");
    String admin = System.getenv("KILN_TEST_PG_URL");
    server = admin.substring(0, admin.indexOf('/', "jdbc:postgresql://".length()) + 1);
    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    storeUser = "owner_" + id;
    storeDb = "kilnstore_" + id;
    admin(
        "CREATE ROLE " + storeUser + " LOGIN CREATEROLE CREATEDB PASSWORD '" + storePassword + "'",
        "CREATE DATABASE " + storeDb + " OWNER " + storeUser);
  }

  @Test
  void theMetastoreHasItsOwnRoleWhichReachesNothingOfTheStore() throws Exception {
    DataConf.Metastore ms;
    try (MetastoreServer m = MetastoreServer.start(config())) {
      ms = m.connection();
    }
    assertThat(ms.user()).isEqualTo(storeDb + "_metastore").isNotEqualTo(storeUser);
    assertThat(ms.password()).isNotEqualTo(storePassword);
    assertThat(ms.url())
        .isEqualTo(server + storeDb + "_metastore")
        .doesNotContain(storeUser)
        .doesNotContain(storePassword);

    // The metastore's credentials open the metastore, as its owner, with no other power.
    try (Connection c = connect(ms.url(), ms.user(), ms.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT)");
      try (ResultSet rs =
          s.executeQuery(
              "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles"
                  + " WHERE rolname = current_user")) {
        rs.next();
        assertThat(rs.getBoolean(1) || rs.getBoolean(2) || rs.getBoolean(3)).isFalse();
      }
    }
    // ... and nothing else: no password, the store's user, or the store's database.
    assertRefused(() -> connect(ms.url(), ms.user(), null));
    assertRefused(() -> connect(ms.url(), ms.user(), "wrong"));
    assertRefused(() -> connect(ms.url(), storeUser, storePassword));
    assertRefused(() -> connect(server + storeDb, ms.user(), ms.password()));
    // The store's user still reaches its own database.
    connect(server + storeDb, storeUser, storePassword).close();

    // A restart keeps the role, its password and the tables.
    try (MetastoreServer again = MetastoreServer.start(config())) {
      assertThat(again.connection()).isEqualTo(ms);
    }
    try (Connection c = connect(ms.url(), ms.user(), ms.password());
        Statement s = c.createStatement()) {
      s.executeQuery("SELECT count(*) FROM t").close();
    }
  }

  @Test
  void aMetastoreDatabaseMadeEarlierWithTheStoresUserIsHandedToTheRole() throws Exception {
    String database = storeDb + "_metastore";
    // As an earlier Kiln left it: created and filled by the store's user.
    try (Connection c = connect(server + storeDb, storeUser, storePassword);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + database);
    }
    try (Connection c = connect(server + database, storeUser, storePassword);
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE \"TBLS\" (\"TBL_ID\" BIGSERIAL PRIMARY KEY, \"TBL_NAME\" TEXT)");
      s.execute("INSERT INTO \"TBLS\" (\"TBL_NAME\") VALUES ('sales')");
    }
    DataConf.Metastore ms;
    try (MetastoreServer m = MetastoreServer.start(config())) {
      ms = m.connection();
    }
    try (Connection c = connect(ms.url(), ms.user(), ms.password());
        Statement s = c.createStatement()) {
      s.execute("INSERT INTO \"TBLS\" (\"TBL_NAME\") VALUES ('orders')");
      try (ResultSet rs = s.executeQuery("SELECT string_agg(\"TBL_NAME\", ',') FROM \"TBLS\"")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("sales,orders");
      }
      s.execute("ALTER TABLE \"TBLS\" ADD COLUMN \"OWNER\" TEXT");
    }
    assertRefused(() -> connect(ms.url(), storeUser, storePassword));
  }

  @Test
  void aStoreUserThatMayNotCreateRolesNeedsConfiguredMetastoreSettings() throws Exception {
    admin("ALTER ROLE " + storeUser + " NOCREATEROLE");
    assertThatThrownBy(() -> MetastoreServer.start(config()).close())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("may not create them")
        .hasMessageContaining("metastore.url, metastore.user and metastore.password")
        .hasMessageNotContaining(storePassword);

    // A metastore prepared by hand, as the message says.
    String role = "hand_" + storeUser;
    admin(
        "CREATE ROLE " + role + " LOGIN PASSWORD 'hand-pw'",
        "CREATE DATABASE " + role + " OWNER " + role);
    String url = server + role;
    try (MetastoreServer m =
        MetastoreServer.start(
            config().withMetastore(new KilnConfig.MetastoreConfig(0, url, role, "hand-pw")))) {
      assertThat(m.connection().user()).isEqualTo(role);
      assertThat(m.connection().url()).isEqualTo(url);
    }
    // Refused: a wrong password, or the store's own user.
    assertThatThrownBy(
            () ->
                MetastoreServer.start(
                        config().withMetastore(new KilnConfig.MetastoreConfig(0, url, role, "no")))
                    .close())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("Could not connect to the metastore");
    assertThatThrownBy(
            () ->
                MetastoreServer.start(
                        config()
                            .withMetastore(
                                new KilnConfig.MetastoreConfig(
                                    0, server + storeDb, storeUser, storePassword)))
                    .close())
        .isInstanceOf(IOException.class)
        .hasMessageContaining("must not be the store's user");
  }

  private KilnConfig config() {
    KilnConfig d = KilnConfig.defaults(home);
    return new KilnConfig(
        d.home(),
        d.host(),
        0,
        server + storeDb,
        storeUser,
        storePassword,
        d.dbfsRoot(),
        null,
        d.maxBodyBytes(),
        d.compute());
  }

  private static void admin(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(System.getenv("KILN_TEST_PG_URL"));
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }

  private static Connection connect(String url, String user, String password) throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", user);
    if (password != null) {
      p.setProperty("password", password);
    }
    return DriverManager.getConnection(url, p);
  }

  private interface Attempt {
    Connection connect() throws SQLException;
  }

  private static void assertRefused(Attempt attempt) {
    assertThatThrownBy(() -> attempt.connect().close())
        .isInstanceOf(SQLException.class)
        .satisfies(
            e ->
                assertThat(((SQLException) e).getSQLState())
                    .as(e.getMessage())
                    // 28P01: wrong or no password; 42501: no CONNECT privilege.
                    .isIn("28P01", "28000", "42501", "08004"));
  }
}
