package dev.kiln.server.metastore;

import dev.kiln.driver.catalog.DataConf;
import dev.kiln.server.compute.Isolation;
import dev.kiln.server.config.KilnConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Hive metastore database every cluster's driver shares, with credentials of its own: clusters
 * get these, and never the store's. By default a Derby network server in a process of its own,
 * under the same boundary as nodes (see {@link DerbyProcess}), bound to loopback, with its files
 * under {@code <home>/metastore} and authentication on (see {@link MetastoreAuthenticator}); when
 * Kiln's store is PostgreSQL, a database {@code <store database>_metastore} owned by a role of the
 * same name on the same server (see {@link PostgresMetastore}); or a database configured with
 * {@code metastore.url}.
 */
public final class MetastoreServer implements AutoCloseable {
  static final String DERBY_CLIENT_DRIVER = "org.apache.derby.jdbc.ClientDriver";

  /**
   * The Derby user: the owner of every metastore database an earlier Kiln made, whose schema holds
   * the tables.
   */
  static final String DERBY_USER = "APP";

  private final DataConf.Metastore connection;
  private final DerbyProcess derby;

  private MetastoreServer(DataConf.Metastore connection, DerbyProcess derby) {
    this.connection = connection;
    this.derby = derby;
  }

  /**
   * The metastore for Kiln's configuration: the configured one, else PostgreSQL beside its store,
   * else Derby.
   */
  public static MetastoreServer start(KilnConfig config) throws IOException {
    Path dir = config.home().resolve("metastore");
    if (config.metastore().url() != null) {
      return new MetastoreServer(PostgresMetastore.configured(config), null);
    }
    if (config.isPostgres()) {
      return new MetastoreServer(PostgresMetastore.prepare(config, dir), null);
    }
    return startDerby(
        dir,
        config.metastore().port(),
        new DerbyProcess.Options(
            Isolation.parse(config.compute().isolation(), Isolation.runningAsRoot()),
            config.home(),
            Duration.ofSeconds(config.compute().nodeOrphanTimeoutSeconds())));
  }

  /**
   * Derby's network server on 127.0.0.1, in a process of its own ({@link DerbyProcess}). Port 0
   * takes the port this folder used last time if it is free (running drivers keep their JDBC URL
   * across a control-plane restart), else a free one, and remembers it. Derby creates the database
   * itself (clusters may not create any), which needs the credentials kept in {@code dir}; one made
   * before Kiln turned authentication on keeps its tables (its owner is {@value #DERBY_USER} too).
   *
   * <p>Returns at once: Derby starts when a driver first asks for its {@link #connection} (and
   * answers seconds later, before the driver needs it); {@link #awaitReady} waits for it.
   */
  static MetastoreServer startDerby(Path dir, int configuredPort, DerbyProcess.Options options)
      throws IOException {
    MetastoreCredentials credentials = MetastoreCredentials.loadOrCreate(dir, DERBY_USER);
    DerbyProcess derby = DerbyProcess.start(dir, configuredPort, credentials, options);
    String url = "jdbc:derby://127.0.0.1:" + derby.port() + "/" + derby.database();
    return new MetastoreServer(
        new DataConf.Metastore(
            url, DERBY_CLIENT_DRIVER, credentials.user(), credentials.password(), true),
        derby);
  }

  /**
   * How drivers reach the metastore database: asked for a driver, which starts Derby if need be.
   */
  public DataConf.Metastore connection() {
    if (derby != null) {
      derby.ensureRunning();
    }
    return connection;
  }

  /** Waits until the metastore answers (at once unless it is Derby, just started). */
  public boolean awaitReady(Duration timeout) throws InterruptedException {
    if (derby == null) {
      return true;
    }
    derby.ensureRunning();
    return derby.awaitUp(timeout);
  }

  /** Derby's process, when the metastore is Derby. */
  DerbyProcess derby() {
    return derby;
  }

  @Override
  public void close() {
    if (derby != null) {
      derby.close();
    }
  }
}
