package dev.kiln.server.metastore;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Derby as an earlier Kiln (or any other program) uses it, without Kiln's authentication: {@code
 * create PATH} makes a database owned by APP with a table {@code legacy}; {@code open PATH [USER
 * PASSWORD]} exits 0 if it may be opened.
 */
public final class LegacyDerby {
  private LegacyDerby() {}

  public static void main(String[] args) throws Exception {
    String url = "jdbc:derby:" + args[1];
    if (args[0].equals("create")) {
      try (Connection c = DriverManager.getConnection(url + ";create=true", "APP", "any");
          Statement s = c.createStatement()) {
        s.execute("CREATE TABLE legacy (id INT)");
        s.execute("INSERT INTO legacy VALUES (1), (2)");
      }
      shutdown(url, "APP", "any");
      return;
    }
    try {
      (args.length > 2
              ? DriverManager.getConnection(url, args[2], args[3])
              : DriverManager.getConnection(url))
          .close();
    } catch (SQLException e) {
      System.err.println(e.getSQLState() + " " + e.getMessage());
      System.exit(3);
    }
    shutdown(url, args.length > 2 ? args[2] : null, args.length > 2 ? args[3] : null);
  }

  private static void shutdown(String url, String user, String password) {
    try {
      DriverManager.getConnection(url + ";shutdown=true", user, password);
    } catch (SQLException e) {
      // 08006: shut down, as asked.
    }
  }
}
