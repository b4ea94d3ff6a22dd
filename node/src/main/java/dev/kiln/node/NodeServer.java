package dev.kiln.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.kiln.model.ApiError;
import dev.kiln.model.Json;
import dev.kiln.model.node.NodeStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's HTTP API on 127.0.0.1: {@code GET /status} and {@code POST /stop}, both behind {@code
 * Authorization: Bearer <node_secret>}. Every authenticated request counts as contact.
 */
final class NodeServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(NodeServer.class);
  private static final ObjectMapper JSON = Json.mapper();

  private final HttpServer server;
  private final ExecutorService threads;
  private final byte[] expected;
  private final Runnable contact;
  private final Supplier<NodeStatus> status;
  private final Runnable stop;
  private final ContextRoutes contexts;
  private final LibraryRoutes libraries;
  private volatile java.util.function.Function<byte[], ContextRoutes.Answer> assign;
  private volatile java.util.function.BooleanSupplier decommission = () -> false;

  private NodeServer(
      HttpServer server,
      ExecutorService threads,
      String secret,
      Runnable contact,
      Supplier<NodeStatus> status,
      Runnable stop,
      ContextRoutes contexts,
      LibraryRoutes libraries) {
    this.server = server;
    this.threads = threads;
    this.expected = ("Bearer " + secret).getBytes(StandardCharsets.UTF_8);
    this.contact = contact;
    this.status = status;
    this.stop = stop;
    this.contexts = contexts;
    this.libraries = libraries;
  }

  /** Starts the server on a free port; {@code stop} runs after {@code POST /stop} was answered. */
  static NodeServer start(
      String secret, Runnable contact, Supplier<NodeStatus> status, Runnable stop)
      throws IOException {
    return start(secret, contact, status, stop, ContextRoutes.NONE, LibraryRoutes.NONE);
  }

  /**
   * As above, with the driver's execution context routes ({@code /contexts...}) and library routes
   * ({@code /libraries}).
   */
  static NodeServer start(
      String secret,
      Runnable contact,
      Supplier<NodeStatus> status,
      Runnable stop,
      ContextRoutes contexts,
      LibraryRoutes libraries)
      throws IOException {
    HttpServer http =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    ExecutorService threads =
        Executors.newFixedThreadPool(
            4,
            r -> {
              Thread t = new Thread(r, "kiln-node-http");
              t.setDaemon(true);
              return t;
            });
    NodeServer node =
        new NodeServer(http, threads, secret, contact, status, stop, contexts, libraries);
    http.createContext("/", node::handle);
    http.setExecutor(threads);
    http.start();
    return node;
  }

  /** Serves {@code POST /assign} (a pool's instance taking its role) with {@code handler}. */
  void onAssign(java.util.function.Function<byte[], ContextRoutes.Answer> handler) {
    this.assign = handler;
  }

  /** Serves {@code POST /decommission} (a worker leaving the cluster) with {@code handler}. */
  void onDecommission(java.util.function.BooleanSupplier handler) {
    this.decommission = handler;
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** Writes the port to {@code file} so that a reader never sees a partial number. */
  void writePortFile(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, Integer.toString(port()), StandardCharsets.US_ASCII);
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
        write(exchange, 401, new ApiError("UNAUTHENTICATED", "A valid node token is required."));
        return;
      }
      contact.run();
      String route = exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath();
      String path = exchange.getRequestURI().getPath();
      if (path.equals("/libraries") || path.equals("/libraries/")) {
        ContextRoutes.Answer answer =
            libraries.handle(
                exchange.getRequestMethod(), path, exchange.getRequestBody().readAllBytes());
        write(exchange, answer.status(), answer.body());
        return;
      }
      if (path.startsWith("/contexts")) {
        ContextRoutes.Answer answer =
            contexts.handle(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                exchange.getRequestBody().readAllBytes());
        write(exchange, answer.status(), answer.body());
        return;
      }
      switch (route) {
        case "GET /status" -> write(exchange, 200, status.get());
        case "POST /stop" -> {
          write(exchange, 200, Map.of());
          stop.run();
        }
        case "POST /decommission" -> {
          if (decommission.getAsBoolean()) {
            write(exchange, 200, Map.of());
          } else {
            write(exchange, 409, new ApiError("INVALID_STATE", "Not a running worker"));
          }
        }
        case "POST /assign" -> {
          var handler = assign;
          if (handler == null) {
            write(exchange, 409, new ApiError("INVALID_STATE", "This node is not a pool instance"));
          } else {
            ContextRoutes.Answer answer = handler.apply(exchange.getRequestBody().readAllBytes());
            write(exchange, answer.status(), answer.body());
          }
        }
        default ->
            write(exchange, 404, new ApiError("ENDPOINT_NOT_FOUND", "No route for " + route));
      }
    } catch (RuntimeException e) {
      log.warn("Node API request failed", e);
      throw e;
    }
  }

  private boolean authorized(String header) {
    return header != null
        && MessageDigest.isEqual(header.getBytes(StandardCharsets.UTF_8), expected);
  }

  private static void write(HttpExchange exchange, int code, Object body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
