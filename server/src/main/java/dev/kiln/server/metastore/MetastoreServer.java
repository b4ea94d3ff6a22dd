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
import java.sql.SQLException;
import org.apache.derby.drda.NetworkServerControl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Hive metastore database every cluster's driver shares, with credentials of its own: clusters
 * get these, and never the store's. By default a Derby network server in the control plane's JVM,
 * bound to loopback, with its files under {@code <home>/metastore} and authentication on (see
 * {@link MetastoreAuthenticator}); when Kiln's store is PostgreSQL, a database {@code <store
 * database>_metastore} owned by a role of the same name on the same server (see {@link
 * PostgresMetastore}); or a database configured with {@code metastore.url}.
 */
public final class MetastoreServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MetastoreServer.class);
  static final String DERBY_CLIENT_DRIVER = "org.apache.derby.jdbc.ClientDriver";

  /**
   * The Derby user: the owner of every metastore database so far, whose schema holds the tables.
   */
  static final String DERBY_USER = "APP";

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

  /**
   * The metastore for Kiln's configuration: the configured one, else PostgreSQL beside its store,
   * else Derby.
   */
  public static MetastoreServer start(KilnConfig config) throws IOException {
    Path dir = config.home().resolve("metastore");
    if (config.metastore().url() != null) {
      return new MetastoreServer(PostgresMetastore.configured(config), null, null, null);
    }
    if (config.isPostgres()) {
      return new MetastoreServer(PostgresMetastore.prepare(config, dir), null, null, null);
    }
    return startDerby(dir, config.metastore().port());
  }

  /**
   * Starts Derby's network server on 127.0.0.1. Port 0 takes the port this folder used last time if
   * it is free (running drivers keep their JDBC URL across a control-plane restart), else a free
   * one, and remembers it. The database is created here (clusters may not create any) and needs the
   * credentials kept in {@code dir}; one made before Kiln turned authentication on keeps its tables
   * (its owner is {@value #DERBY_USER} too).
   */
  public static MetastoreServer startDerby(Path dir, int configuredPort) throws IOException {
    Files.createDirectories(dir);
    MetastoreCredentials credentials = MetastoreCredentials.loadOrCreate(dir, DERBY_USER);
    Path database = dir.resolve("db").toAbsolutePath();
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
    MetastoreAuthenticator.install();
    MetastoreAuthenticator.allow(database, credentials);
    NetworkServerControl server;
    try {
      prepareDerbyDatabase(database, credentials);
      server =
          new NetworkServerControl(
              InetAddress.getLoopbackAddress(),
              port,
              MetastoreAuthenticator.ENGINE.user(),
              MetastoreAuthenticator.ENGINE.password());
      server.start(log);
      waitUntilUp(server, port);
    } catch (Exception e) {
      MetastoreAuthenticator.forget(database);
      log.close();
      throw new IOException("Could not start the metastore's Derby server on port " + port, e);
    }
    String url = "jdbc:derby://127.0.0.1:" + port + "/" + database;
    LOG.info("Metastore: Derby network server on 127.0.0.1:{}, files in {}", port, dir);
    return new MetastoreServer(
        new DataConf.Metastore(
            url, DERBY_CLIENT_DRIVER, credentials.user(), credentials.password(), true),
        server,
        log,
        database);
  }

  /**
   * Creates the database, or opens one made before, and stores Derby's own (BUILTIN) authentication
   * in it too, so that its files opened by any other Derby still ask for the password. This JVM's
   * {@link MetastoreAuthenticator} takes precedence over it.
   */
  private static void prepareDerbyDatabase(Path database, MetastoreCredentials credentials)
      throws SQLException {
    if (!Files.isDirectory(database)) {
      // Derby checks a creation against the engine's credentials: nobody else may create one.
      DriverManager.getConnection(
              "jdbc:derby:" + database + ";create=true",
              MetastoreAuthenticator.ENGINE.user(),
              MetastoreAuthenticator.ENGINE.password())
          .close();
      LOG.info("Metastore: created the Derby database {}", database);
    }
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:derby:" + database, credentials.user(), credentials.password());
        PreparedStatement set =
            c.prepareStatement("CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY(?, ?)")) {
      setProperty(set, "derby.user." + credentials.user(), credentials.password());
      setProperty(set, "derby.authentication.provider", "BUILTIN");
      setProperty(set, "derby.connection.requireAuthentication", "true");
    }
  }

  private static void setProperty(PreparedStatement set, String key, String value)
      throws SQLException {
    set.setString(1, key);
    set.setString(2, value);
    set.execute();
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
                "jdbc:derby:" + derbyDatabase + ";shutdown=true",
                connection.user(),
                connection.password())
            .close();
      } catch (SQLException e) {
        // 08006 is Derby's "database shut down" answer; anything else only matters for the log.
        if (!"08006".equals(e.getSQLState()) && !"XJ004".equals(e.getSQLState())) {
          LOG.warn("Derby database did not shut down cleanly: {}", e.toString());
        }
      }
      MetastoreAuthenticator.forget(derbyDatabase);
      derbyLog.close();
    }
  }
}
