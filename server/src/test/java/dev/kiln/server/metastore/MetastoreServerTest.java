package dev.kiln.server.metastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.driver.catalog.DataConf;
import dev.kiln.server.compute.Isolation;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metastore's Derby: a process of its own under the nodes' boundary (its own account when the
 * tests run as root, else a sandbox), with authentication on, supervised, adopted after a SIGKILL
 * of its control plane, and gone when its control plane is.
 */
class MetastoreServerTest {
  @TempDir Path dir;
  private final List<MetastoreServer> started = new ArrayList<>();

  @AfterEach
  void stopDerbys() {
    started.forEach(MetastoreServer::close);
  }

  private static Isolation isolation() {
    return Isolation.parse("auto", Isolation.runningAsRoot());
  }

  /** A started Derby for {@code metastore} (Kiln's home being {@link #dir}), once it answers. */
  private MetastoreServer derby(Path metastore) throws Exception {
    return derby(metastore, Duration.ofMinutes(5));
  }

  private MetastoreServer derby(Path metastore, Duration orphanTimeout) throws Exception {
    MetastoreServer server =
        MetastoreServer.startDerby(
            metastore, 0, new DerbyProcess.Options(isolation(), dir, orphanTimeout));
    started.add(server);
    Path log = metastore.resolve("derby-server.log");
    assertThat(server.awaitReady(Duration.ofSeconds(60)))
        .as(() -> "Derby answers; its log:\n" + (Files.exists(log) ? readQuietly(log) : "none"))
        .isTrue();
    return server;
  }

  @Test
  void derbyServesOverTheNetworkAndKeepsDataAndPortAcrossRestarts() throws Exception {
    int port;
    try (MetastoreServer server = derby(dir)) {
      DataConf.Metastore db = server.connection();
      assertThat(db.url()).startsWith("jdbc:derby://127.0.0.1:").endsWith("/db");
      assertThat(db.driverClass()).isEqualTo(MetastoreServer.DERBY_CLIENT_DRIVER);
      try (Connection c = connect(db, db.user(), db.password());
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (id INT)");
        s.execute("INSERT INTO kept VALUES (42)");
      }
      port = Integer.parseInt(Files.readString(dir.resolve("port")).trim());
      assertThat(db.url()).contains(":" + port + "/");
    }
    assertThat(dir.resolve("derby/db")).isDirectory();
    try (MetastoreServer again = derby(dir)) {
      DataConf.Metastore db = again.connection();
      assertThat(db.url()).contains(":" + port + "/");
      assertThat(count(db, "kept")).isEqualTo(1);
    }
  }

  @Test
  void derbyRefusesConnectionsWithoutTheMetastoresOwnCredentials() throws Exception {
    try (MetastoreServer server = derby(dir)) {
      DataConf.Metastore db = server.connection();
      assertThat(db.user()).isEqualTo("APP");
      assertThat(db.password()).hasSize(32);
      // Kept for the next start, readable by the control plane's account only.
      Path file = dir.resolve(MetastoreCredentials.FILE);
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
      assertThat(Files.readString(file)).contains(db.password());

      assertRefused(() -> connect(db, null, null));
      assertRefused(() -> connect(db, "APP", ""));
      assertRefused(() -> connect(db, "APP", "x"));
      assertRefused(() -> connect(db, "APP", db.password() + "x"));
      try (Connection c = connect(db, db.user(), db.password())) {
        assertThat(c.isValid(5)).isTrue();
      }
    }
    try (MetastoreServer again = derby(dir)) {
      assertThat(again.connection().password())
          .as("the same password after a restart: running clusters keep theirs")
          .isEqualTo(
              Files.readString(dir.resolve(MetastoreCredentials.FILE))
                  .lines()
                  .filter(l -> l.startsWith("password="))
                  .findFirst()
                  .orElseThrow()
                  .substring("password=".length()));
    }
  }

  @Test
  void noOtherDerbyDatabaseCanBeCreatedOrOpenedThroughTheServer() throws Exception {
    Path otherHome = dir.resolve("other");
    DataConf.Metastore other;
    try (MetastoreServer server = derby(otherHome)) {
      other = server.connection();
      try (Connection c = connect(other, other.user(), other.password());
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE private (id INT)");
      }
    }
    try (MetastoreServer server = derby(dir.resolve("mine"))) {
      DataConf.Metastore db = server.connection();
      String base = db.url().substring(0, db.url().indexOf('/', "jdbc:derby://".length()) + 1);
      Path created = dir.resolve("created");
      // A new database anywhere, with or without the metastore's credentials.
      for (String user : new String[] {null, db.user()}) {
        String password = user == null ? null : db.password();
        assertRefused(
            () ->
                DriverManager.getConnection(
                    base + created + ";create=true", login(user, password)));
      }
      assertThat(created).doesNotExist();
      // Another existing Derby database, with this metastore's or its own credentials.
      String otherDb = base + other.url().substring(base.length());
      assertRefused(() -> DriverManager.getConnection(otherDb, db.user(), db.password()));
      assertRefused(() -> DriverManager.getConnection(otherDb, other.user(), other.password()));
      // The metastore itself still answers.
      try (Connection c = connect(db, db.user(), db.password())) {
        assertThat(c.isValid(5)).isTrue();
      }
    }
  }

  @Test
  void aDatabaseMadeBeforeAuthenticationGetsItAndKeepsItsTables() throws Exception {
    // As an earlier Kiln left it: made by a Derby without authentication, owned by APP.
    Path db = dir.resolve("db");
    assertThat(derbyJvm("create", db.toString())).isEqualTo(0);
    assertThat(derbyJvm("open", db.toString())).as("open to all before").isEqualTo(0);

    try (MetastoreServer server = derby(dir)) {
      DataConf.Metastore ms = server.connection();
      assertRefused(() -> connect(ms, null, null));
      assertRefused(() -> connect(ms, "APP", "x"));
      assertThat(count(ms, "legacy")).isEqualTo(2);
      if (isolation() == Isolation.ACCOUNTS) {
        // Handed to Derby's account, files and all.
        int uid = uidOf(DerbyProcess.ACCOUNT);
        try (var files = Files.walk(db)) {
          assertThat(files.map(MetastoreServerTest::owner)).isNotEmpty().allMatch(o -> o == uid);
        }
      }
    }
    // Its files now ask any Derby for the password: they keep Derby's own authentication.
    String password =
        Files.readString(dir.resolve(MetastoreCredentials.FILE))
            .lines()
            .filter(l -> l.startsWith("password="))
            .findFirst()
            .orElseThrow()
            .substring("password=".length());
    assertThat(derbyJvm("open", db.toString())).as("no password").isNotEqualTo(0);
    assertThat(derbyJvm("open", db.toString(), "APP", password)).isEqualTo(0);
  }

  @Test
  void javaThatUsersBindToSqlRunsInDerbysOwnProcessWhichSeesNoneOfKilnsHome() throws Exception {
    // What only the control plane has: a system property of its JVM and a file of its home.
    String marker = "control-plane-only-" + System.nanoTime();
    System.setProperty("kiln.test.marker", marker);
    Path token = dir.resolve("admin-token");
    Files.writeString(token, "dapi-secret\n");
    Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-------"));
    try (MetastoreServer server = derby(dir.resolve("metastore"))) {
      DataConf.Metastore db = server.connection();
      long pid = server.derby().pid();
      assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
      try (Connection c = connect(db, db.user(), db.password());
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE FUNCTION prop(k VARCHAR(200)) RETURNS VARCHAR(2000) PARAMETER STYLE JAVA"
                + " NO SQL LANGUAGE JAVA EXTERNAL NAME 'java.lang.System.getProperty'");
        assertThat(value(s, "VALUES prop('kiln.test.marker')")).isNull();
        assertThat(value(s, "VALUES prop('sun.java.command')"))
            .startsWith(DerbyMain.class.getName());
        if (isolation() == Isolation.ACCOUNTS) {
          assertThat(value(s, "VALUES prop('user.name')")).isEqualTo(DerbyProcess.ACCOUNT);
          assertThat(owner(Path.of("/proc/" + pid))).isEqualTo(uidOf(DerbyProcess.ACCOUNT));
        }
        // Derby's own file functions (an import reads any file its process can): Kiln's home is
        // not in its view, whether its process runs as root or not; its own folder is.
        s.execute("CREATE TABLE t (line VARCHAR(200))");
        assertThatThrownBy(() -> s.execute(importInto("T", token)))
            .isInstanceOf(SQLException.class)
            .hasMessageContaining("admin-token");
        Path own = dir.resolve("metastore/derby/tmp/lines.txt");
        Files.writeString(own, "visible\n");
        s.execute(importInto("T", own));
        assertThat(value(s, "SELECT line FROM t")).isEqualTo("visible");
      }
    } finally {
      System.clearProperty("kiln.test.marker");
    }
  }

  @Test
  void aDerbyThatExitsIsStartedAgainOnTheSamePortWithItsData() throws Exception {
    try (MetastoreServer server = derby(dir)) {
      DataConf.Metastore db = server.connection();
      long first = server.derby().pid();
      try (Connection c = connect(db, db.user(), db.password());
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (id INT)");
        s.execute("INSERT INTO kept VALUES (1)");
        s.execute(
            "CREATE PROCEDURE quit(code INT) PARAMETER STYLE JAVA NO SQL LANGUAGE JAVA"
                + " EXTERNAL NAME 'java.lang.System.exit'");
        assertThatThrownBy(() -> s.execute("CALL quit(3)")).isInstanceOf(SQLException.class);
      }
      await("Derby back", Duration.ofSeconds(60), () -> count(db, "kept") == 1);
      assertThat(server.derby().pid()).isNotEqualTo(first);
      assertThat(ProcessHandle.of(first).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }
  }

  @Test
  void aControlPlaneKilledWithSigkillLeavesDerbyToBeAdoptedAndCloseStopsIt() throws Exception {
    MetastoreServer server = derby(dir);
    DataConf.Metastore db = server.connection();
    long pid = server.derby().pid();
    try (Connection c = connect(db, db.user(), db.password());
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kept (id INT)");
    }
    server.derby().abandon();
    started.remove(server);
    // Drivers keep their connections meanwhile.
    Connection held = connect(db, db.user(), db.password());
    try (MetastoreServer next = derby(dir)) {
      assertThat(next.derby().pid()).as("adopted, not started again").isEqualTo(pid);
      assertThat(next.connection()).isEqualTo(db);
      assertThat(held.isValid(5)).isTrue();
      held.close();
      assertThat(count(db, "kept")).isEqualTo(0);
    }
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        .as("a clean stop stops Derby")
        .isFalse();
    assertRefused(() -> connect(db, db.user(), db.password()));
  }

  @Test
  void anOrphanedDerbyStopsItselfAfterTheOrphanTimeout() throws Exception {
    MetastoreServer server = derby(dir, Duration.ofSeconds(2));
    long pid = server.derby().pid();
    server.derby().abandon();
    started.remove(server);
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
    await(
        "the orphan to stop",
        Duration.ofSeconds(30),
        () -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
  }

  private static String importInto(String table, Path file) {
    return "CALL SYSCS_UTIL.SYSCS_IMPORT_TABLE(NULL, '"
        + table
        + "', '"
        + file
        + "', NULL, NULL,"
        + " NULL, 0)";
  }

  /** Polls {@code condition} (failures count as false) until it holds. */
  private static void await(
      String what, Duration timeout, java.util.concurrent.Callable<Boolean> condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (condition.call()) {
          return;
        }
      } catch (Exception e) {
        // not yet
      }
      Thread.sleep(200);
    }
    throw new AssertionError("timed out waiting for " + what);
  }

  private static String value(Statement s, String query) throws SQLException {
    try (ResultSet rs = s.executeQuery(query)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file);
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }

  private static int owner(Path p) {
    try {
      return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static int uidOf(String account) throws Exception {
    Process p = new ProcessBuilder("id", "-u", account).start();
    String out =
        new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isEqualTo(0);
    return Integer.parseInt(out.strip());
  }

  /** Runs {@link LegacyDerby} in a JVM of its own: Derby without Kiln's authentication. */
  private int derbyJvm(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Dderby.stream.error.file=" + dir.resolve("legacy-derby.log"));
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(LegacyDerby.class.getName());
    command.addAll(List.of(args));
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("legacy.out").toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return p.exitValue();
  }

  private static Connection connect(DataConf.Metastore db, String user, String password)
      throws SQLException {
    return DriverManager.getConnection(db.url(), login(user, password));
  }

  private static Properties login(String user, String password) {
    Properties p = new Properties();
    if (user != null) {
      p.setProperty("user", user);
      p.setProperty("password", password);
    }
    return p;
  }

  private static int count(DataConf.Metastore db, String table) throws SQLException {
    try (Connection c = connect(db, db.user(), db.password());
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getInt(1);
    }
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
                    .isIn("08004", "08001", "XJ004"));
  }
}
