package dev.kiln.server.clusters;

import dev.kiln.model.clusters.ClusterState;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Router;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeState;
import io.javalin.http.Context;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The driver's Spark UI through the control plane: {@code /driver-proxy/<cluster_id>/...} goes to
 * the UI port of the cluster's driver on loopback, for authenticated users only. The driver is
 * started with {@code spark.ui.proxyBase} set to the same prefix, so the UI's own links stay inside
 * the proxy.
 */
public final class SparkUiProxy {
  private static final List<String> PASSED_HEADERS =
      List.of("Content-Type", "Cache-Control", "Content-Disposition");

  private final ClusterService clusters;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  public SparkUiProxy(ClusterService clusters) {
    this.clusters = clusters;
  }

  public static String prefix(String clusterId) {
    return "/driver-proxy/" + clusterId;
  }

  public void register(Router router) {
    // The UI's root (spark_ui_url itself) too: an empty <path> matches no route.
    router.get("/driver-proxy/{cluster_id}/", this::forward);
    router.get("/driver-proxy/{cluster_id}/<path>", this::forward);
  }

  private void forward(Context ctx) throws IOException, InterruptedException {
    Principal.of(ctx);
    String clusterId = ctx.pathParam("cluster_id");
    ClusterRow cluster = clusters.existing(clusterId);
    if (cluster.state() != ClusterState.RUNNING && cluster.state() != ClusterState.RESIZING) {
      throw new ApiException(
          ErrorCode.INVALID_STATE, "The Spark UI is available while the cluster is running");
    }
    NodeRow driver =
        clusters.nodes(clusterId).stream()
            .filter(
                n ->
                    n.isDriver()
                        && n.state() == NodeState.UP
                        && n.generation() == cluster.generation()
                        && n.sparkUiPort() != null)
            .findFirst()
            .orElseThrow(
                () ->
                    new ApiException(
                        ErrorCode.TEMPORARILY_UNAVAILABLE, "The driver's Spark UI is not up yet"));
    // From the raw path: the routing drops a trailing slash, which Spark's UI answers with a
    // redirect.
    String path = ctx.path().substring(prefix(clusterId).length());
    path = path.isEmpty() ? "/" : path;
    String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
    String origin = "http://127.0.0.1:" + driver.sparkUiPort();
    HttpResponse<byte[]> response =
        http.send(
            HttpRequest.newBuilder(URI.create(origin + path + query))
                // Spark's UI prefixes its links (static files, tabs) with this; spark.ui.proxyBase
                // in the session's conf does not reach its pages.
                .header("X-Forwarded-Context", prefix(clusterId))
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    ctx.status(response.statusCode());
    for (String header : PASSED_HEADERS) {
      response.headers().firstValue(header).ifPresent(v -> ctx.header(header, v));
    }
    response
        .headers()
        .firstValue("Location")
        .ifPresent(location -> ctx.header("Location", rewrite(location, origin, clusterId)));
    ctx.result(response.body());
  }

  /** Keeps redirects inside the proxy. */
  static String rewrite(String location, String origin, String clusterId) {
    String path = location.startsWith(origin) ? location.substring(origin.length()) : location;
    if (path.startsWith("/") && !path.startsWith(prefix(clusterId))) {
      return prefix(clusterId) + path;
    }
    return path;
  }
}
