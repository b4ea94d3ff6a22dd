package dev.kiln.driver.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.derby.drda.NetworkServerControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metastore's schema is created whole, before any statement needs a table of it. */
class MetastoreSchemaTest {
  @TempDir Path dir;

  @Test
  void theModelClassesAreReadFromHivesPackageJdo() {
    assertThat(MetastoreSchema.modelClasses())
        .hasSizeGreaterThanOrEqualTo(30)
        .contains(
            "org.apache.hadoop.hive.metastore.model.MDatabase",
            "org.apache.hadoop.hive.metastore.model.MTable",
            "org.apache.hadoop.hive.metastore.model.MTablePrivilege",
            "org.apache.hadoop.hive.metastore.model.MPartition");
  }

  @Test
  void createMakesEveryTableAtOnceAndIsIdempotent() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
    NetworkServerControl derby = new NetworkServerControl(InetAddress.getLoopbackAddress(), port);
    derby.start(null);
    try {
      awaitPing(derby);
      String url = "jdbc:derby://127.0.0.1:" + port + "/" + dir.resolve("ms") + ";create=true";
      Map<String, String> conf =
          DataConf.sparkConf(
              dir.resolve("dbfs").toString(),
              new DataConf.Metastore(url, "org.apache.derby.jdbc.ClientDriver", "APP", null, true),
              1);

      MetastoreSchema.create(conf);
      Set<String> tables = tables(url);
      // Among them the ones a first CREATE TABLE needs, and TBL_PRIVS whose lazy creation
      // deadlocked on PostgreSQL.
      assertThat(tables)
          .contains("DBS", "TBLS", "TBL_PRIVS", "SDS", "COLUMNS_V2", "PARTITIONS", "FUNCS")
          .hasSizeGreaterThanOrEqualTo(30);

      MetastoreSchema.create(conf);
      assertThat(tables(url)).isEqualTo(tables);
    } finally {
      derby.shutdown();
    }
  }

  private static Set<String> tables(String url) throws Exception {
    Set<String> names = new HashSet<>();
    try (Connection c = DriverManager.getConnection(url + ";user=APP");
        ResultSet rs = c.getMetaData().getTables(null, "APP", "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        names.add(rs.getString("TABLE_NAME"));
      }
    }
    return names;
  }

  private static void awaitPing(NetworkServerControl derby) throws Exception {
    for (int i = 0; ; i++) {
      try {
        derby.ping();
        return;
      } catch (Exception e) {
        if (i > 200) {
          throw e;
        }
        Thread.sleep(50);
      }
    }
  }
}
