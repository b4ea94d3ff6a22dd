package dev.kiln.server.metastore;

import dev.kiln.driver.catalog.DataConf;
import dev.kiln.server.config.KilnConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.apache.derby.drda.NetworkServerControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hive metastore database every cluster's driver shares. By default a Derby network server in
 * the control plane's JVM, bound to loopback, with its files under {@code <home>/metastore}; when
 * Kiln's store is PostgreSQL, a database {@code <store database>_metastore} on the same server (or,
 * when the store's user may not create databases, the schema {@value #PG_SCHEMA} of the store's
 * database).
 */
public final class MetastoreServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetastoreServer.class);
  static final String PG_SCHEMA = "hive_metastore";
  static final String DERBY_CLIENT_DRIVER = "org.apache.derby.jdbc.ClientDriver";

  private final DataConf.Metastore connection;
  private final NetworkServerControl derby;
  private final PrintWriter derbyLog;
  private final Path derbyDatabase;

  private MetastoreServer(
      DataConf.Metastore connection,
      NetworkServerControl derby,
      PrintWriter derbyLog,
      Path derbyDatabase) {
    this.connection = connection;
    this.derby = derby;
    this.derbyLog = derbyLog;
    this.derbyDatabase = derbyDatabase;
  }

  /** The metastore for Kiln's configuration: PostgreSQL beside its store, else Derby. */
  public static MetastoreServer start(KilnConfig config) throws IOException {
    if (config.isPostgres()) {
      return new MetastoreServer(
          postgres(config.dbUrl(), config.dbUser(), config.dbPassword()), null, null, null);
    }
    return startDerby(config.home().resolve("metastore"), config.metastorePort());
  }

  /**
   * Starts Derby's network server on 127.0.0.1. Port 0 takes the port this folder used last time if
   * it is free (running drivers keep their JDBC URL across a control-plane restart), else a free
   * one, and remembers it.
   */
  public static MetastoreServer startDerby(Path dir, int configuredPort) throws IOException {
    Files.createDirectories(dir);
    int port = configuredPort > 0 ? configuredPort : rememberedOrFreePort(dir.resolve("port"));
    PrintWriter log =
        new PrintWriter(
            Files.newBufferedWriter(
                dir.resolve("derby-server.log"),
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND),
            true);
    // Derby's engine log (one per JVM): beside the database, not in the working directory.
    if (System.getProperty("derby.stream.error.file") == null) {
      System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
    }
    NetworkServerControl server;
    try {
      server = new NetworkServerControl(InetAddress.getLoopbackAddress(), port);
      server.start(log);
      waitUntilUp(server, port);
    } catch (Exception e) {
      log.close();
      throw new IOException("Could not start the metastore's Derby server on port " + port, e);
    }
    String url =
        "jdbc:derby://127.0.0.1:"
            + port
            + "/"
            + dir.resolve("db").toAbsolutePath()
            + ";create=true";
    LOG.info("Metastore: Derby network server on 127.0.0.1:{}, files in {}", port, dir);
    return new MetastoreServer(
        new DataConf.Metastore(url, DERBY_CLIENT_DRIVER, "APP", null, true),
        server,
        log,
        dir.resolve("db"));
  }

  private static void waitUntilUp(NetworkServerControl server, int port) throws Exception {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (true) {
      try {
        server.ping();
        return;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("Derby did not answer on port " + port, e);
        }
        Thread.sleep(50);
      }
    }
  }

  private static int rememberedOrFreePort(Path file) throws IOException {
    if (Files.exists(file)) {
      try {
        int remembered = Integer.parseInt(Files.readString(file).trim());
        try {
          new ServerSocket(remembered, 1, InetAddress.getLoopbackAddress()).close();
          return remembered;
        } catch (IOException e) {
          LOG.warn("Metastore port {} is taken; choosing another", remembered);
        }
      } catch (NumberFormatException e) {
        LOG.warn("Ignoring {}: not a port", file);
      }
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    try (Writer w = Files.newBufferedWriter(file)) {
      w.write(port + "\n");
    }
    return port;
  }

  /**
   * The metastore on the store's PostgreSQL server: its own database when the store's user may
   * create it, else a dedicated schema in the store's database.
   */
  static DataConf.Metastore postgres(String storeUrl, String user, String password)
      throws IOException {
    Properties props = new Properties();
    if (user != null) {
      props.setProperty("user", user);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    try (Connection c = DriverManager.getConnection(storeUrl, props);
        Statement s = c.createStatement()) {
      String store;
      try (ResultSet rs = s.executeQuery("SELECT current_database()")) {
        rs.next();
        store = rs.getString(1);
      }
      String database = store + "_metastore";
      boolean exists;
      try (PreparedStatement q =
          c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        q.setString(1, database);
        try (ResultSet rs = q.executeQuery()) {
          exists = rs.next();
        }
      }
      try {
        if (!exists) {
          s.execute("CREATE DATABASE \"" + database.replace("\"", "\"\"") + "\"");
          LOG.info("Metastore: created the PostgreSQL database {}", database);
        }
        String url = storeUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1");
        return new DataConf.Metastore(url, "org.postgresql.Driver", user, password, false);
      } catch (SQLException e) {
        LOG.info(
            "Metastore: cannot create the database {} ({}); using the schema {} of {}",
            database,
            e.getMessage(),
            PG_SCHEMA,
            store);
        s.execute("CREATE SCHEMA IF NOT EXISTS " + PG_SCHEMA);
        String url = storeUrl + (storeUrl.contains("?") ? "&" : "?") + "currentSchema=" + PG_SCHEMA;
        return new DataConf.Metastore(url, "org.postgresql.Driver", user, password, false);
      }
    } catch (SQLException e) {
      throw new IOException("Could not prepare the metastore on PostgreSQL: " + e.getMessage(), e);
    }
  }

  /** How drivers reach the metastore database. */
  public DataConf.Metastore connection() {
    return connection;
  }

  @Override
  public void close() {
    if (derby != null) {
      try {
        derby.shutdown();
      } catch (Exception e) {
        LOG.warn("Derby server did not shut down cleanly: {}", e.toString());
      }
      // Closes the database files too (the engine stays loaded in this JVM).
      try {
        DriverManager.getConnection(
                "jdbc:derby:" + derbyDatabase.toAbsolutePath() + ";shutdown=true")
            .close();
      } catch (SQLException e) {
        // 08006 is Derby's "database shut down" answer; anything else only matters for the log.
        if (!"08006".equals(e.getSQLState()) && !"XJ004".equals(e.getSQLState())) {
          LOG.warn("Derby database did not shut down cleanly: {}", e.toString());
        }
      }
      derbyLog.close();
    }
  }
}
