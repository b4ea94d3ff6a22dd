package dev.kiln.server.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything the control plane is configured with. Built by {@link ConfigLoader} from defaults, the
 * home folder's {@code kiln.conf}, {@code KILN_*} environment variables and command-line flags, in
 * rising order of precedence.
 *
 * @param home the folder that holds the database, the DBFS root, keys and the admin token
 * @param host the address every listener binds to (loopback unless configured otherwise)
 * @param port the HTTP port; 0 picks a free one
 * @param dbUrl JDBC URL of the metadata store; an embedded H2 file under {@code home} by default
 * @param dbUser database user, if the URL needs one
 * @param dbPassword database password, if the URL needs one
 * @param dbfsRoot the folder that holds DBFS files
 * @param secretsKey base64 AES key for secrets at rest; read from {@code home/secrets.key} if null
 * @param maxBodyBytes largest request body read into memory (JSON); multipart uploads stream
 * @param compute the local compute backend's settings
 * @param metastore the Hive metastore database's settings (see {@link MetastoreConfig})
 */
public record KilnConfig(
    Path home,
    String host,
    int port,
    String dbUrl,
    String dbUser,
    String dbPassword,
    Path dbfsRoot,
    String secretsKey,
    long maxBodyBytes,
    ComputeConfig compute,
    MetastoreConfig metastore) {

  public KilnConfig {
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dbUrl, "dbUrl");
    Objects.requireNonNull(dbfsRoot, "dbfsRoot");
    Objects.requireNonNull(compute, "compute");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535, got " + port);
    }
    if (maxBodyBytes < 1024) {
      throw new IllegalArgumentException("max_body_bytes must be at least 1024");
    }
    Objects.requireNonNull(metastore, "metastore");
  }

  /**
   * Where the Hive metastore's database is. By default Kiln runs it itself (Derby, or a database
   * and role of its own on the PostgreSQL store's server) with credentials it generates; {@code
   * url}, {@code user} and {@code password} name an existing one instead. Never the store's
   * credentials: they go to every cluster.
   *
   * @param port port of the embedded Derby network server (loopback); 0 reuses the last one or
   *     picks a free one
   * @param url JDBC URL of a metastore database prepared beforehand, or null
   * @param user its user, or null
   * @param password its password, or null
   */
  public record MetastoreConfig(int port, String url, String user, String password) {
    public MetastoreConfig {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("metastore.port must be 0..65535, got " + port);
      }
      if (url == null && (user != null || password != null)) {
        throw new IllegalArgumentException(
            "metastore.user and metastore.password need metastore.url");
      }
    }

    public static MetastoreConfig defaults() {
      return new MetastoreConfig(0, null, null, null);
    }
  }

  /** A configuration whose metastore Kiln runs, on a port chosen at start. */
  public KilnConfig(
      Path home,
      String host,
      int port,
      String dbUrl,
      String dbUser,
      String dbPassword,
      Path dbfsRoot,
      String secretsKey,
      long maxBodyBytes,
      ComputeConfig compute) {
    this(
        home,
        host,
        port,
        dbUrl,
        dbUser,
        dbPassword,
        dbfsRoot,
        secretsKey,
        maxBodyBytes,
        compute,
        MetastoreConfig.defaults());
  }

  /** The defaults for a home folder: embedded H2, loopback, port 8080. */
  public static KilnConfig defaults(Path home) {
    Path abs = home.toAbsolutePath().normalize();
    return new KilnConfig(
        abs,
        "127.0.0.1",
        8080,
        h2Url(abs),
        null,
        null,
        abs.resolve("dbfs"),
        null,
        64L << 20,
        ComputeConfig.defaults());
  }

  /**
   * The embedded store. WRITE_DELAY=0 makes every commit reach the file before the call returns, so
   * a kill -9 never loses an acknowledged write.
   */
  static String h2Url(Path home) {
    return "jdbc:h2:file:" + home.resolve("db").resolve("kiln") + ";WRITE_DELAY=0";
  }

  public boolean isPostgres() {
    return dbUrl.startsWith("jdbc:postgresql:");
  }

  public KilnConfig withPort(int newPort) {
    return copy(newPort, dbUrl, dbUser, dbPassword, compute, metastore);
  }

  /** The same settings on another database (its URL carries any user and password). */
  public KilnConfig withDbUrl(String newDbUrl) {
    return copy(port, newDbUrl, null, null, compute, metastore);
  }

  public KilnConfig withMetastore(MetastoreConfig newMetastore) {
    return copy(port, dbUrl, dbUser, dbPassword, compute, newMetastore);
  }

  public KilnConfig withCompute(ComputeConfig newCompute) {
    return copy(port, dbUrl, dbUser, dbPassword, newCompute, metastore);
  }

  /** This configuration with the settings that withers change replaced. */
  private KilnConfig copy(
      int newPort,
      String newDbUrl,
      String newDbUser,
      String newDbPassword,
      ComputeConfig newCompute,
      MetastoreConfig newMetastore) {
    return new KilnConfig(
        home,
        host,
        newPort,
        newDbUrl,
        newDbUser,
        newDbPassword,
        dbfsRoot,
        secretsKey,
        maxBodyBytes,
        newCompute,
        newMetastore);
  }
}
