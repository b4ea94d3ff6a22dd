package dev.kiln.it;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * The metadata store a test server runs on, chosen by the system property {@code kiln.test.store}:
 * {@code h2} (default) or {@code postgresql}, which takes a fresh database from the server at
 * {@code KILN_TEST_PG_URL} (a superuser's URL with its password: scripts/postgres.sh url). Only JDK
 * types here, so the benchmarks can load it without the server.
 */
public final class TestStore {
  private TestStore() {}

  public static String name() {
    return System.getProperty("kiln.test.store", "h2").toLowerCase(Locale.ROOT);
  }

  public static boolean isPostgres() {
    return name().equals("postgresql");
  }

  /** The JDBC URL of a new, empty database on the test PostgreSQL server. */
  public static String freshPostgresUrl() throws SQLException {
    String adminUrl = System.getenv("KILN_TEST_PG_URL");
    if (adminUrl == null) {
      throw new IllegalStateException(
          "kiln.test.store=postgresql needs KILN_TEST_PG_URL (./kiln test sets it)");
    }
    String db = "kiln_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(adminUrl);
        Statement s = c.createStatement()) {
      s.execute("CREATE DATABASE " + db);
    }
    return adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + db + "$1");
  }

  /** A parameter of a JDBC URL's query ({@code user}, {@code password}), or null. */
  public static String parameter(String jdbcUrl, String name) {
    int query = jdbcUrl.indexOf('?');
    if (query < 0) {
      return null;
    }
    for (String pair : jdbcUrl.substring(query + 1).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
