package dev.kiln.server.metastore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.Writer;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Properties;
import org.apache.derby.drda.NetworkServerControl;

/**
 * The metastore's Derby network server, in a JVM of its own that the control plane starts and
 * supervises ({@link DerbyProcess}): whatever runs inside Derby (a SQL function or procedure bound
 * to any Java method, a jar installed in the database) runs here, under Derby's own account and
 * view of the files, never in the control plane.
 *
 * <p>Its one argument is its settings file ({@link Settings}). It creates the database if there is
 * none, serves it on 127.0.0.1 to the metastore's credentials only ({@link
 * MetastoreAuthenticator}), and stops by itself once the control plane's heartbeat is older than
 * the orphan timeout or names another generation of it: it outlives a control plane killed with
 * SIGKILL long enough to be adopted by the next one, never forever. Only the JDK and Derby here:
 * nothing else of the control plane is on its class path.
 */
public final class DerbyMain {
  private static final long TICK_MILLIS = 1000;

  private DerbyMain() {}

  /**
   * What the control plane tells its Derby, in a file readable by Derby's account only (it holds
   * the metastore's password).
   *
   * @param database the database's folder
   * @param port the port on 127.0.0.1
   * @param credentials the metastore's user and password: the only ones accepted
   * @param heartbeat the file whose modification time the control plane keeps fresh, holding the
   *     generation of the Derby it supervises
   * @param generation this Derby's generation
   * @param orphanTimeoutMillis how long this Derby outlives a silent heartbeat
   */
  record Settings(
      Path database,
      int port,
      MetastoreCredentials credentials,
      Path heartbeat,
      String generation,
      long orphanTimeoutMillis) {

    static Settings read(Path file) throws IOException {
      Properties p = new Properties();
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      }
      try {
        return new Settings(
            Path.of(p.getProperty("database")),
            Integer.parseInt(p.getProperty("port")),
            new MetastoreCredentials(p.getProperty("user"), p.getProperty("password")),
            Path.of(p.getProperty("heartbeat")),
            p.getProperty("generation"),
            Long.parseLong(p.getProperty("orphan_timeout_millis")));
      } catch (RuntimeException e) {
        throw new IOException("Malformed metastore settings in " + file, e);
      }
    }

    void write(Writer w) throws IOException {
      Properties p = new Properties();
      p.setProperty("database", database.toString());
      p.setProperty("port", Integer.toString(port));
      p.setProperty("user", credentials.user());
      p.setProperty("password", credentials.password());
      p.setProperty("heartbeat", heartbeat.toString());
      p.setProperty("generation", generation);
      p.setProperty("orphan_timeout_millis", Long.toString(orphanTimeoutMillis));
      p.store(w, "The metastore's Derby (written by the control plane at each start)");
    }
  }

  public static void main(String[] args) {
    try {
      run(Settings.read(Path.of(args[0])));
      System.exit(0);
    } catch (Throwable e) {
      log("stopping: " + e);
      e.printStackTrace();
      System.exit(1);
    }
  }

  private static void run(Settings settings) throws Exception {
    MetastoreAuthenticator.install(settings.database(), settings.credentials());
    prepare(settings.database(), settings.credentials());
    NetworkServerControl server =
        new NetworkServerControl(
            InetAddress.getLoopbackAddress(),
            settings.port(),
            MetastoreAuthenticator.ENGINE.user(),
            MetastoreAuthenticator.ENGINE.password());
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(server, settings.database()), "derby-stop"));
    server.start(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
    waitUntilUp(server, settings.port());
    log("serving " + settings.database() + " on 127.0.0.1:" + settings.port());
    watch(settings);
  }

  /**
   * Creates the database, or opens one made before, and stores Derby's own (BUILTIN) authentication
   * in it too, so that its files opened by any other Derby still ask for the password. This JVM's
   * {@link MetastoreAuthenticator} takes precedence over it.
   */
  private static void prepare(Path database, MetastoreCredentials credentials) throws SQLException {
    if (!Files.isRegularFile(database.resolve("service.properties"))) {
      // Derby checks a creation against the engine's credentials: nobody else may create one.
      DriverManager.getConnection(
              "jdbc:derby:" + database + ";create=true",
              MetastoreAuthenticator.ENGINE.user(),
              MetastoreAuthenticator.ENGINE.password())
          .close();
      log("created the database " + database);
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
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (true) {
      try {
        server.ping();
        return;
      } catch (Exception e) {
        if (System.nanoTime() > deadline) {
          throw new IOException("Derby did not answer on port " + port, e);
        }
        Thread.sleep(20);
      }
    }
  }

  /** Returns once the control plane has gone silent for too long, or supervises another Derby. */
  private static void watch(Settings settings) throws InterruptedException {
    while (true) {
      Thread.sleep(TICK_MILLIS);
      String generation;
      long age;
      try (InputStream in = Files.newInputStream(settings.heartbeat())) {
        generation = new String(in.readNBytes(128), StandardCharsets.UTF_8).strip();
        age =
            System.currentTimeMillis() - Files.getLastModifiedTime(settings.heartbeat()).toMillis();
      } catch (IOException e) {
        log("no heartbeat from the control plane (" + e + "): stopping");
        return;
      }
      if (!generation.equals(settings.generation())) {
        log("the control plane supervises another Derby now: stopping");
        return;
      }
      if (age > settings.orphanTimeoutMillis()) {
        log("no heartbeat from the control plane for " + age / 1000 + " s: stopping");
        return;
      }
    }
  }

  /** On exit, whatever the cause: the server, then the database, closed cleanly. */
  private static void stop(NetworkServerControl server, Path database) {
    try {
      server.shutdown();
    } catch (Exception e) {
      log("the network server did not shut down cleanly: " + e);
    }
    try {
      DriverManager.getConnection(
              "jdbc:derby:;shutdown=true",
              MetastoreAuthenticator.ENGINE.user(),
              MetastoreAuthenticator.ENGINE.password())
          .close();
    } catch (SQLException e) {
      // XJ015 is Derby's "system shut down" answer.
      if (!"XJ015".equals(e.getSQLState())) {
        log("the database " + database + " did not shut down cleanly: " + e);
      }
    }
  }

  private static void log(String message) {
    System.out.println(Instant.now() + " Kiln metastore: " + message);
  }
}
