package dev.kiln.server.libraries;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.kiln.model.Json;
import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.node.NodeRole;
import dev.kiln.model.node.libraries.NodeLibraries;
import dev.kiln.model.node.libraries.NodeLibrary;
import dev.kiln.model.node.libraries.NodeLibraryState;
import dev.kiln.model.node.libraries.NodeLibraryStates;
import dev.kiln.server.clusters.ClusterDao;
import dev.kiln.server.clusters.ClusterEvents;
import dev.kiln.server.clusters.ClusterPools;
import dev.kiln.server.clusters.ClusterRow;
import dev.kiln.server.clusters.ClusterService;
import dev.kiln.server.clusters.ClusterViews;
import dev.kiln.server.compute.HostCapacity;
import dev.kiln.server.compute.NodeDao;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeState;
import dev.kiln.server.compute.NodeTypeCatalog;
import dev.kiln.server.compute.RuntimeCatalog;
import dev.kiln.server.dbfs.DbfsService;
import dev.kiln.server.store.Database;
import dev.kiln.server.testing.MemoryStore;
import dev.kiln.server.workspace.WorkspaceService;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * A store (in-memory H2) with clusters written straight into it, a DBFS root and a workspace, the
 * libraries service and installer on them, and a fake driver: an HTTP server that keeps library
 * states as the test sets them, as a driver's {@code /libraries} does.
 */
final class Testbed implements AutoCloseable {
  static final String SECRET = "node-secret";
  final Path home;
  final Database database;
  final Jdbi jdbi;
  final ClusterService clusters;
  final DbfsService dbfs;
  final WorkspaceService workspace;
  final StatusChanges changes = new StatusChanges();
  final LibrariesService service;
  final LibraryInstaller installer;
  final FakeDriver driver;

  Testbed(Path home) throws IOException {
    this.home = home;
    database = MemoryStore.open(home, "libraries");
    jdbi = database.jdbi();
    Clock clock = Clock.systemUTC();
    clusters =
        new ClusterService(
            jdbi,
            new ClusterEvents(jdbi, clock),
            RuntimeCatalog.of(List.of()),
            new NodeTypeCatalog(new HostCapacity(8, 16384)),
            clock,
            () -> {},
            ClusterPools.NONE,
            new ClusterViews(
                jdbi, new NodeTypeCatalog(new HostCapacity(8, 16384)), () -> "http://127.0.0.1:1"));
    dbfs = DbfsService.open(home.resolve("dbfs"), clock);
    workspace = new WorkspaceService(jdbi, clock);
    service = new LibrariesService(jdbi, clusters, clock, () -> {}, changes);
    installer =
        new LibraryInstaller(
            jdbi,
            clusters,
            changes,
            dbfs,
            workspace,
            home.resolve("cache"),
            clock,
            Duration.ofHours(1));
    driver = FakeDriver.start();
  }

  /** A cluster in {@code state} at {@code generation}, with no driver. */
  ClusterRow cluster(String id, ClusterState state, int generation) {
    ClusterRow row =
        new ClusterRow(
            id,
            id,
            "{}",
            "API",
            "ann",
            state,
            "",
            0,
            false,
            generation,
            1L,
            "s",
            0,
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            false,
            0,
            0);
    jdbi.onDemand(ClusterDao.class).insert(row);
    return row;
  }

  /** Moves a cluster to {@code state} at {@code generation}. */
  void move(String id, ClusterState state, int generation) {
    ClusterDao dao = jdbi.onDemand(ClusterDao.class);
    ClusterRow row = dao.byId(id).orElseThrow();
    while (row.generation() < generation) {
      row = row.withNewGeneration(1L, 0, true);
    }
    if (!dao.update(row.withState(state, "", 0))) {
      throw new IllegalStateException("cluster " + id + " changed meanwhile");
    }
  }

  /** The fake driver, as the driver node of generation {@code generation} of the cluster. */
  NodeRow driverOf(String clusterId, int generation) throws IOException {
    Path dir =
        Files.createDirectories(home.resolve("clusters").resolve(clusterId + "-" + generation));
    NodeRow node =
        new NodeRow(
            "i-" + clusterId + "-" + generation,
            clusterId,
            generation,
            NodeRole.DRIVER,
            "kiln-1c-2g",
            1,
            2048,
            NodeState.UP,
            ProcessHandle.current().pid(),
            driver.port(),
            SECRET,
            dir.toString(),
            null,
            null,
            0,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
    jdbi.onDemand(NodeDao.class).insert(node);
    return node;
  }

  @Override
  public void close() {
    installer.close();
    driver.close();
    dbfs.close();
    database.close();
  }

  /** A driver's {@code /libraries}: states the test sets, and what it was sent. */
  static final class FakeDriver implements AutoCloseable {
    private static final ObjectMapper JSON = Json.mapper();
    private final HttpServer http;
    final Map<String, NodeLibraryState> states = new LinkedHashMap<>();
    final List<NodeLibrary> received = new ArrayList<>();
    final List<String> cacheDirs = new ArrayList<>();

    private FakeDriver(HttpServer http) {
      this.http = http;
    }

    static FakeDriver start() throws IOException {
      HttpServer http =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
      FakeDriver fake = new FakeDriver(http);
      http.createContext("/libraries", fake::handle);
      http.start();
      return fake;
    }

    int port() {
      return http.getAddress().getPort();
    }

    synchronized void set(String id, String status, String message) {
      states.put(id, new NodeLibraryState(id, status, message));
    }

    synchronized void forget() {
      states.clear();
    }

    private void handle(com.sun.net.httpserver.HttpExchange exchange) throws IOException {
      try (exchange) {
        byte[] answer;
        int code = 200;
        if (!("Bearer " + SECRET).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
          code = 401;
          answer = "{}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        } else {
          synchronized (this) {
            if (exchange.getRequestMethod().equals("POST")) {
              NodeLibraries asked =
                  JSON.readValue(exchange.getRequestBody().readAllBytes(), NodeLibraries.class);
              cacheDirs.add(asked.cacheDir());
              List<NodeLibraryState> reply = new ArrayList<>();
              for (NodeLibrary library : asked.libraries()) {
                received.add(library);
                NodeLibraryState known = states.get(library.id());
                if (known == null || known.status().equals("FAILED")) {
                  known =
                      new NodeLibraryState(
                          library.id(), library.maven() != null ? "RESOLVING" : "INSTALLING", null);
                  states.put(library.id(), known);
                }
                reply.add(known);
              }
              answer = JSON.writeValueAsBytes(new NodeLibraryStates(reply));
            } else {
              answer = JSON.writeValueAsBytes(new NodeLibraryStates(List.copyOf(states.values())));
            }
          }
        }
        exchange.sendResponseHeaders(code, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    }

    @Override
    public void close() {
      http.stop(0);
    }
  }
}
