package dev.kiln.it;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import dev.kiln.server.KilnServer;
import dev.kiln.server.config.KilnConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;

/**
 * A real Kiln server on a random port, in a fresh home folder, on the store chosen by the system
 * property {@code kiln.test.store}: {@code h2} (default) or {@code postgresql}, which takes a fresh
 * database from the server at {@code KILN_TEST_PG_URL}.
 */
public final class TestServer implements AutoCloseable {
  private final Path home;
  private final KilnConfig config;
  private KilnServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  private TestServer(Path home, KilnConfig config) {
    this.home = home;
    this.config = config;
  }

  public static TestServer start() {
    try {
      Path home = Files.createTempDirectory("kiln-it-");
      KilnConfig config = configFor(home);
      TestServer server = new TestServer(home, config);
      server.server = KilnServer.start(config, Clock.systemUTC());
      return server;
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("could not start a test server", e);
    }
  }

  public static String store() {
    return System.getProperty("kiln.test.store", "h2").toLowerCase(Locale.ROOT);
  }

  private static KilnConfig configFor(Path home) throws SQLException {
    KilnConfig defaults = KilnConfig.defaults(home).withPort(0);
    if (!store().equals("postgresql")) {
      return defaults;
    }
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
    String url = adminUrl.replaceFirst("/[^/?]+(\\?|$)", "/" + db + "$1");
    return new KilnConfig(
        defaults.home(),
        defaults.host(),
        0,
        url,
        null,
        null,
        defaults.dbfsRoot(),
        null,
        defaults.maxBodyBytes());
  }

  /** Stops the server and starts it again on the same home, store and port. */
  public void restart() throws IOException {
    int port = server.port();
    server.close();
    server = KilnServer.start(server.config().withPort(port), Clock.systemUTC());
  }

  public String url() {
    return server.url();
  }

  public Path home() {
    return home;
  }

  public KilnConfig config() {
    return config;
  }

  public String adminToken() {
    try {
      return server.adminToken();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public KilnServer server() {
    return server;
  }

  /** The official SDK, signed in as the admin. */
  public WorkspaceClient client() {
    return clientFor(adminToken());
  }

  public WorkspaceClient clientFor(String token) {
    return new WorkspaceClient(
        new DatabricksConfig().setHost(url()).setToken(token).setAuthType("pat"));
  }

  /** A raw call, for what the SDK would never send: malformed JSON, wrong types, bad tokens. */
  public HttpResponse<String> call(String method, String path, String body, String token) {
    return call(method, path, body, "application/json", token);
  }

  public HttpResponse<String> call(
      String method, String path, String body, String contentType, String token) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A raw call as the admin. */
  public HttpResponse<String> call(String method, String path, String body) {
    return call(method, path, body, adminToken());
  }

  @Override
  public void close() {
    server.close();
  }
}
