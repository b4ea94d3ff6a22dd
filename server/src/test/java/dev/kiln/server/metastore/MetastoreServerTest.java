package dev.kiln.server.metastore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.driver.catalog.DataConf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetastoreServerTest {
  @TempDir Path dir;

  @Test
  void derbyServesOverTheNetworkAndKeepsDataAndPortAcrossRestarts() throws Exception {
    int port;
    try (MetastoreServer server = MetastoreServer.startDerby(dir, 0)) {
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
    assertThat(dir.resolve("db")).isDirectory();
    try (MetastoreServer again = MetastoreServer.startDerby(dir, 0)) {
      DataConf.Metastore db = again.connection();
      assertThat(db.url()).contains(":" + port + "/");
      assertThat(count(db, "kept")).isEqualTo(1);
    }
  }

  @Test
  void derbyRefusesConnectionsWithoutTheMetastoresOwnCredentials() throws Exception {
    try (MetastoreServer server = MetastoreServer.startDerby(dir, 0)) {
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
    try (MetastoreServer again = MetastoreServer.startDerby(dir, 0)) {
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
    try (MetastoreServer server = MetastoreServer.startDerby(otherHome, 0)) {
      other = server.connection();
      try (Connection c = connect(other, other.user(), other.password());
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE private (id INT)");
      }
    }
    try (MetastoreServer server = MetastoreServer.startDerby(dir.resolve("mine"), 0)) {
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
      String otherDb = base + otherHome.resolve("db").toAbsolutePath();
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

    try (MetastoreServer server = MetastoreServer.startDerby(dir, 0)) {
      DataConf.Metastore ms = server.connection();
      assertRefused(() -> connect(ms, null, null));
      assertRefused(() -> connect(ms, "APP", "x"));
      assertThat(count(ms, "legacy")).isEqualTo(2);
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
