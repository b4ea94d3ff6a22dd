package dev.kiln.it;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksConfig;
import dev.kiln.server.KilnServer;
import dev.kiln.server.config.KilnConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A real Kiln server, in this JVM, on a random port, in a fresh home folder, on the store chosen by
 * {@link TestStore}.
 */
public final class TestServer implements AutoCloseable {
  private final Path home;
  private final KilnConfig config;
  private KilnServer server;
  private final RawClient raw = new RawClient(this::url);

  private final Clock clock;

  private TestServer(Path home, KilnConfig config, Clock clock) {
    this.home = home;
    this.config = config;
    this.clock = clock;
  }

  public static TestServer start() {
    return start(UnaryOperator.identity(), Clock.systemUTC());
  }

  /** A server with a changed configuration (e.g. compute settings) and its own clock. */
  public static TestServer start(UnaryOperator<KilnConfig> tweak, Clock clock) {
    try {
      Path home = Files.createTempDirectory("kiln-it-");
      KilnConfig config = tweak.apply(configFor(home));
      TestServer server = new TestServer(home, config, clock);
      server.server = KilnServer.start(config, clock);
      return server;
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("could not start a test server", e);
    }
  }

  public static String store() {
    return TestStore.name();
  }

  /**
   * Test clusters live for seconds to minutes: their JVMs spend less CPU with the client compiler
   * alone and the serial collector than with the JIT and collector tuned for long runs, and the
   * suite runs two classes at a time on two cores.
   */
  static final List<String> NODE_JVM_OPTIONS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

  private static KilnConfig configFor(Path home) throws SQLException {
    KilnConfig base = KilnConfig.defaults(home).withPort(0);
    KilnConfig defaults = base.withCompute(base.compute().withNodeJvmOptions(NODE_JVM_OPTIONS));
    if (!TestStore.isPostgres()) {
      return defaults;
    }
    return new KilnConfig(
        defaults.home(),
        defaults.host(),
        0,
        TestStore.freshPostgresUrl(),
        null,
        null,
        defaults.dbfsRoot(),
        null,
        defaults.maxBodyBytes(),
        defaults.compute());
  }

  /** Stops the server and starts it again on the same home, store and port. */
  public void restart() throws IOException {
    int port = server.port();
    server.close();
    server = KilnServer.start(server.config().withPort(port), clock);
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
    return raw.call(method, path, body, contentType, token);
  }

  /** A raw call as the admin. */
  public HttpResponse<String> call(String method, String path, String body) {
    return call(method, path, body, adminToken());
  }

  @Override
  public void close() {
    server.close();
    deleteHome();
  }

  /** Test homes go with their server; {@code -Dkiln.test.keepHomes=true} keeps them to look at. */
  private void deleteHome() {
    if (Boolean.getBoolean("kiln.test.keepHomes")) {
      return;
    }
    try (Stream<Path> paths = Files.walk(home)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("could not delete the test home " + home, e);
    }
  }
}
