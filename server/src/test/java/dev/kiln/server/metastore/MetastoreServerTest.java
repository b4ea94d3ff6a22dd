package dev.kiln.server.metastore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.driver.catalog.DataConf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetastoreServerTest {
  @TempDir Path dir;

  @Test
  void derbyServesOverTheNetworkAndKeepsDataAndPortAcrossRestarts() throws Exception {
    int port;
    try (MetastoreServer server = MetastoreServer.startDerby(dir, 0)) {
      DataConf.Metastore db = server.connection();
      assertThat(db.url()).startsWith("jdbc:derby://127.0.0.1:").endsWith("/db;create=true");
      assertThat(db.driverClass()).isEqualTo(MetastoreServer.DERBY_CLIENT_DRIVER);
      Class.forName(db.driverClass());
      try (Connection c = DriverManager.getConnection(db.url(), "APP", "x");
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE kept (id INT)");
        s.execute("INSERT INTO kept VALUES (42)");
      }
      port = Integer.parseInt(Files.readString(dir.resolve("port")).trim());
      assertThat(db.url()).contains(":" + port + "/");
    }
    assertThat(dir.resolve("db")).isDirectory();
    try (MetastoreServer again = MetastoreServer.startDerby(dir, 0)) {
      assertThat(again.connection().url()).contains(":" + port + "/");
      try (Connection c = DriverManager.getConnection(again.connection().url(), "APP", "x");
          Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT id FROM kept")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getInt(1)).isEqualTo(42);
      }
    }
  }
}
