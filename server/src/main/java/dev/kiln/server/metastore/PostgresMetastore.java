package dev.kiln.server.metastore;

import dev.kiln.driver.catalog.DataConf;
import dev.kiln.server.config.KilnConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metastore on the store's PostgreSQL server: the database {@code <store database>_metastore},
 * owned by a login role of the same name that Kiln creates with a generated password (kept in
 * {@code <home>/metastore/credentials}, mode 0600). The role is no superuser and may create neither
 * roles nor databases; it cannot connect to the store's database (Kiln revokes {@code CONNECT} on
 * it from {@code PUBLIC}), and nobody but the role (and superusers) may connect to its own. A
 * metastore database an earlier Kiln created with the store's user is handed to the role, tables
 * and all. When the store's user may not create roles and databases, {@code metastore.url}, {@code
 * metastore.user} and {@code metastore.password} name one prepared by hand; without them the start
 * fails: the store's own credentials are never used, since every cluster gets the metastore's.
 */
final class PostgresMetastore {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresMetastore.class);
  static final String DRIVER = "org.postgresql.Driver";

  /** The one schema name an earlier Kiln used inside the store's database. */
  private static final String OLD_SCHEMA = "hive_metastore";

  /**
   * URL parameters that are about the connection, not who makes it: the metastore's URL keeps them.
   */
  private static final Set<String> KEPT_PARAMETERS =
      Set.of(
          "ssl",
          "sslmode",
          "connectTimeout",
          "loginTimeout",
          "socketTimeout",
          "tcpKeepAlive",
          "targetServerType",
          "gssEncMode");

  private PostgresMetastore() {}

  /** A metastore database prepared by hand ({@code metastore.url}, ...), checked before use. */
  static DataConf.Metastore configured(KilnConfig config) throws IOException {
    KilnConfig.MetastoreConfig m = config.metastore();
    String url = m.url();
    if (url.startsWith("jdbc:derby:")) {
      return new DataConf.Metastore(
          url, MetastoreServer.DERBY_CLIENT_DRIVER, m.user(), m.password(), true);
    }
    if (!url.startsWith("jdbc:postgresql:")) {
      throw new IOException(
          "metastore.url must be a jdbc:postgresql: or jdbc:derby:// URL, got " + redact(url));
    }
    try (Connection c = DriverManager.getConnection(url, login(m.user(), m.password()));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      String user = rs.getString(1);
      if (config.isPostgres() && user.equals(storeUser(config))) {
        throw new IOException(
            "metastore.user must not be the store's user "
                + user
                + ": every cluster gets the metastore's credentials");
      }
      LOG.info("Metastore: the configured PostgreSQL database, as {}", user);
    } catch (SQLException e) {
      throw new IOException(
          "Could not connect to the metastore at metastore.url ("
              + redact(url)
              + ") as metastore.user: "
              + e.getMessage(),
          e);
    }
    return new DataConf.Metastore(url, DRIVER, m.user(), m.password(), false);
  }

  /** Creates (or adopts) the metastore's database and role on the store's server. */
  static DataConf.Metastore prepare(KilnConfig config, Path dir) throws IOException {
    Properties storeLogin = login(config.dbUser(), config.dbPassword());
    String storeUrl = config.dbUrl();
    try (Connection c = DriverManager.getConnection(storeUrl, storeLogin);
        Statement s = c.createStatement()) {
      String store;
      String storeUser;
      boolean superuser;
      boolean mayCreate;
      try (ResultSet rs =
          s.executeQuery(
              "SELECT current_database(), current_user, rolsuper, rolcreaterole AND rolcreatedb"
                  + " FROM pg_roles WHERE rolname = current_user")) {
        rs.next();
        store = rs.getString(1);
        storeUser = rs.getString(2);
        superuser = rs.getBoolean(3);
        mayCreate = superuser || rs.getBoolean(4);
      }
      if (!mayCreate) {
        throw new IOException(cannotCreate(storeUser, store, hasOldSchema(s)));
      }
      String name = identifier(store + "_metastore");
      MetastoreCredentials credentials = MetastoreCredentials.loadOrCreate(dir, name);
      boolean granted = false;
      try {
        if (!exists(c, "SELECT 1 FROM pg_roles WHERE rolname = ?", name)) {
          s.execute(
              "CREATE ROLE "
                  + quote(name)
                  + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION");
          LOG.info("Metastore: created the PostgreSQL role {}", name);
        }
        // Every start: the password kept in the home folder is the one (hashed on this side).
        c.unwrap(PGConnection.class)
            .alterUserPassword(name, credentials.password().toCharArray(), "scram-sha-256");
        if (!superuser) {
          // To make the role an owner, the store's user must be able to act as it; only meanwhile.
          s.execute("GRANT " + quote(name) + " TO CURRENT_USER");
          granted = true;
        }
        String owner = databaseOwner(c, name);
        if (owner == null) {
          s.execute("CREATE DATABASE " + quote(name) + " OWNER " + quote(name));
          LOG.info("Metastore: created the PostgreSQL database {}", name);
        } else if (!owner.equals(name)) {
          handOver(storeUrl, storeLogin, name, owner);
        }
        s.execute("REVOKE ALL ON DATABASE " + quote(name) + " FROM PUBLIC");
        isolateStore(s, store, name);
      } finally {
        if (granted) {
          s.execute("REVOKE " + quote(name) + " FROM CURRENT_USER");
        }
      }
      return new DataConf.Metastore(
          urlOf(storeUrl, name), DRIVER, credentials.user(), credentials.password(), false);
    } catch (SQLException e) {
      throw new IOException("Could not prepare the metastore on PostgreSQL: " + e.getMessage(), e);
    }
  }

  /**
   * Gives the database an earlier Kiln made with the store's user (or whoever owns it) to the
   * metastore's role: the database, then each schema, table, view and sequence in it.
   */
  private static void handOver(String storeUrl, Properties storeLogin, String name, String owner)
      throws SQLException {
    try (Connection c = DriverManager.getConnection(urlOf(storeUrl, name), storeLogin);
        Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + quote(name) + " OWNER TO " + quote(name));
      List<String> statements = new ArrayList<>();
      try (PreparedStatement q =
          c.prepareStatement(
              "SELECT nspname FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner"
                  + " WHERE r.rolname = ? AND nspname NOT LIKE 'pg\\_%'"
                  + " AND nspname <> 'information_schema'")) {
        q.setString(1, owner);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            statements.add("ALTER SCHEMA " + quote(rs.getString(1)) + " OWNER TO " + quote(name));
          }
        }
      }
      // Sequences that belong to a table's column move with their table.
      try (PreparedStatement q =
          c.prepareStatement(
              "SELECT n.nspname, k.relname FROM pg_class k"
                  + " JOIN pg_namespace n ON n.oid = k.relnamespace"
                  + " JOIN pg_roles r ON r.oid = k.relowner"
                  + " WHERE r.rolname = ? AND k.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')"
                  + " AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'"
                  + " AND NOT (k.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d"
                  + " WHERE d.objid = k.oid AND d.deptype IN ('a', 'i')))")) {
        q.setString(1, owner);
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            statements.add(
                "ALTER TABLE "
                    + quote(rs.getString(1))
                    + "."
                    + quote(rs.getString(2))
                    + " OWNER TO "
                    + quote(name));
          }
        }
      }
      for (String statement : statements) {
        s.execute(statement);
      }
      LOG.info(
          "Metastore: handed the PostgreSQL database {} ({} objects) from {} to its role",
          name,
          statements.size(),
          owner);
    }
  }

  /**
   * Keeps the metastore's role out of the store's database: PostgreSQL lets every role connect to
   * every database unless {@code CONNECT} is revoked from {@code PUBLIC}.
   */
  private static void isolateStore(Statement s, String store, String role)
      throws SQLException, IOException {
    try {
      s.execute("REVOKE CONNECT, TEMPORARY ON DATABASE " + quote(store) + " FROM PUBLIC");
    } catch (SQLException e) {
      LOG.debug("Cannot revoke CONNECT on {} from PUBLIC: {}", store, e.getMessage());
    }
    try (PreparedStatement q =
        s.getConnection()
            .prepareStatement("SELECT has_database_privilege(?, current_database(), 'CONNECT')")) {
      q.setString(1, role);
      try (ResultSet rs = q.executeQuery()) {
        rs.next();
        if (rs.getBoolean(1)) {
          throw new IOException(
              "The metastore's role "
                  + role
                  + " could connect to the store's database "
                  + store
                  + ", and every cluster has its password. Run REVOKE CONNECT ON DATABASE "
                  + quote(store)
                  + " FROM PUBLIC as its owner (grant CONNECT to the roles that need it), or let"
                  + " Kiln's store user own the database.");
        }
      }
    }
  }

  private static String cannotCreate(String storeUser, String store, boolean oldSchema) {
    return "The metastore needs its own PostgreSQL database and role, and the store's user "
        + storeUser
        + " may not create them (it needs CREATEROLE and CREATEDB). Create a database and a"
        + " login role that owns it (no rights on the store's database "
        + store
        + "), then set metastore.url, metastore.user and metastore.password (kiln.conf, or"
        + " KILN_METASTORE_URL, KILN_METASTORE_USER and KILN_METASTORE_PASSWORD). The store's own"
        + " credentials are not used for the metastore: every cluster gets them."
        + (oldSchema
            ? " The tables of the earlier metastore are in the schema "
                + OLD_SCHEMA
                + " of "
                + store
                + "; move them to the new database (pg_dump --schema "
                + OLD_SCHEMA
                + ") to keep them."
            : "");
  }

  private static boolean hasOldSchema(Statement s) throws SQLException {
    try (ResultSet rs =
        s.executeQuery("SELECT 1 FROM pg_namespace WHERE nspname = '" + OLD_SCHEMA + "'")) {
      return rs.next();
    }
  }

  private static String storeUser(KilnConfig config) throws SQLException {
    try (Connection c =
            DriverManager.getConnection(
                config.dbUrl(), login(config.dbUser(), config.dbPassword()));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT current_user")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String databaseOwner(Connection c, String database) throws SQLException {
    try (PreparedStatement q =
        c.prepareStatement(
            "SELECT r.rolname FROM pg_database d JOIN pg_roles r ON r.oid = d.datdba"
                + " WHERE d.datname = ?")) {
      q.setString(1, database);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private static boolean exists(Connection c, String query, String value) throws SQLException {
    try (PreparedStatement q = c.prepareStatement(query)) {
      q.setString(1, value);
      try (ResultSet rs = q.executeQuery()) {
        return rs.next();
      }
    }
  }

  /**
   * The metastore's URL: the store's server and connection settings, its own database, and no user,
   * password or other parameter of the store's URL.
   */
  static String urlOf(String storeUrl, String database) {
    int question = storeUrl.indexOf('?');
    String base = question < 0 ? storeUrl : storeUrl.substring(0, question);
    String url = base.replaceFirst("/[^/]*$", "/" + database);
    if (question < 0) {
      return url;
    }
    List<String> kept = new ArrayList<>();
    for (String parameter : storeUrl.substring(question + 1).split("&")) {
      String key = parameter.split("=", 2)[0];
      if (KEPT_PARAMETERS.contains(key)) {
        kept.add(parameter);
      }
    }
    return kept.isEmpty() ? url : url + "?" + String.join("&", kept);
  }

  /** At most 63 bytes, PostgreSQL's limit, which it would otherwise apply silently. */
  static String identifier(String name) {
    byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= 63) {
      return name;
    }
    String cut = name;
    while (cut.getBytes(StandardCharsets.UTF_8).length > 63) {
      cut = cut.substring(0, cut.length() - 1);
    }
    return cut;
  }

  static String quote(String identifier) {
    return "\"" + identifier.replace("\"", "\"\"") + "\"";
  }

  private static Properties login(String user, String password) {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    return props;
  }

  private static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
  }
}
