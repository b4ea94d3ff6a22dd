package dev.kiln.server.clusters;

import dev.kiln.model.clusters.ClusterState;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ApiServer;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Router;
import dev.kiln.server.compute.NodeRow;
import dev.kiln.server.compute.NodeState;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The driver's Spark UI through the control plane: {@code /driver-proxy/<cluster_id>/...} goes to
 * the UI port of the cluster's driver on loopback, for authenticated users only.
 *
 * <p>What the driver serves is user code's to choose (a cell can attach any handler to the UI), so
 * every answer of this path is sandboxed ({@link #CONTENT_SECURITY_POLICY}): its pages run scripts
 * in an opaque origin and can never read Kiln's storage or cookies nor call Kiln's API as the user.
 * Only a few of the driver's headers pass (never its cookies or its own policy), and bodies stream
 * through without being held in memory. Spark's pages keep UI state in web storage, which their
 * opaque origin lacks: HTML pages get an in-memory stand-in of their own ({@link StorageShim}).
 *
 * <p>A sandboxed page's own requests carry no {@code SameSite=Strict} cookie, so a browser signed
 * in by the session cookie is redirected once to a ticket path, {@code
 * /driver-proxy/<cluster_id>/_t/<ticket>/...}: the ticket (signed, bound to the cluster,
 * short-lived) lets the page load its scripts, styles and Spark's REST API, and nothing but this
 * cluster's UI. The driver gets that path as {@code X-Forwarded-Context}, the prefix Spark's UI
 * writes its links with, so they stay inside the proxy.
 */
public final class SparkUiProxy {
  /**
   * Scripts run (the Spark UI needs them), but never in Kiln's origin: no {@code
   * allow-same-origin}.
   */
  public static final String CONTENT_SECURITY_POLICY =
      "sandbox allow-scripts allow-forms allow-popups; frame-ancestors 'none'";

  /** How long a ticket opens the UI; a reload in the signed-in browser gets a new one. */
  static final Duration TICKET_LIFETIME = Duration.ofHours(1);

  private static final String TICKET_SEGMENT = "/_t/";
  private static final List<String> PASSED_HEADERS = List.of("Content-Type", "Content-Disposition");

  private final ClusterService clusters;
  private final ApiServer api;
  private final Clock clock;
  private final byte[] ticketKey = new byte[32];
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(2))
          .followRedirects(HttpClient.Redirect.NEVER)
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  public SparkUiProxy(ClusterService clusters, ApiServer api) {
    this(clusters, api, Clock.systemUTC());
  }

  SparkUiProxy(ClusterService clusters, ApiServer api, Clock clock) {
    this.clusters = clusters;
    this.api = api;
    this.clock = clock;
    new SecureRandom().nextBytes(ticketKey);
  }

  public static String prefix(String clusterId) {
    return "/driver-proxy/" + clusterId;
  }

  public void register(Router router) {
    // First, for every answer of the path: errors, redirects and paths no route matches too.
    api.before("/driver-proxy", SparkUiProxy::sandbox);
    api.before("/driver-proxy/*", SparkUiProxy::sandbox);
    // The UI's root (spark_ui_url itself) too: an empty <path> matches no route.
    router.get("/driver-proxy/{cluster_id}/", this::forward);
    router.get("/driver-proxy/{cluster_id}/<path>", this::forward);
    api.preflight("/driver-proxy/{cluster_id}/<path>", this::preflight);
  }

  /**
   * Spark's pages read its REST API with jQuery, which adds {@code X-Requested-With}: from the
   * sandbox's opaque origin that asks a preflight first, granted on a valid ticket path only.
   */
  private void preflight(Context ctx) {
    String clusterId = ctx.pathParam("cluster_id");
    String path = ctx.path().substring(prefix(clusterId).length());
    String ticket = ticketOf(path);
    if (ticket == null || !validTicket(ticket, clusterId)) {
      throw new ApiException(ErrorCode.UNAUTHENTICATED, "Only a Spark UI ticket path is shared");
    }
    ctx.header("Access-Control-Allow-Origin", "*");
    ctx.header("Access-Control-Allow-Methods", "GET");
    ctx.header("Access-Control-Allow-Headers", "X-Requested-With");
    ctx.header("Access-Control-Max-Age", "600");
    ctx.status(HttpStatus.NO_CONTENT);
  }

  /** The ticket of a path under the cluster's prefix, or null. */
  private static String ticketOf(String path) {
    if (!path.startsWith(TICKET_SEGMENT)) {
      return null;
    }
    int end = path.indexOf('/', TICKET_SEGMENT.length());
    return path.substring(TICKET_SEGMENT.length(), end < 0 ? path.length() : end);
  }

  /** The headers of every answer under /driver-proxy. */
  static void sandbox(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", "no-store");
  }

  private void forward(Context ctx) throws IOException, InterruptedException {
    String clusterId = ctx.pathParam("cluster_id");
    // From the raw path: the routing drops a trailing slash, which Spark's UI answers with a
    // redirect.
    String path = ctx.path().substring(prefix(clusterId).length());
    String ticket = ticketOf(path);
    if (ticket != null) {
      path = path.substring(TICKET_SEGMENT.length() + ticket.length());
    }
    path = path.isEmpty() ? "/" : path;
    String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
    refuseKilnPagesLoadingIt(ctx);

    String base;
    boolean byTicket = ticket != null && validTicket(ticket, clusterId);
    if (byTicket) {
      base = prefix(clusterId) + TICKET_SEGMENT + ticket;
    } else {
      Principal principal;
      try {
        principal = api.authenticate(ctx);
      } catch (ApiException e) {
        if (ticket != null && e.code() == ErrorCode.UNAUTHENTICATED) {
          throw new ApiException(
              ErrorCode.UNAUTHENTICATED,
              "This Spark UI link has expired: reload the page, or open the Spark UI again from"
                  + " the cluster's page in Kiln");
        }
        throw e;
      }
      if (ctx.header("Authorization") == null) {
        // Signed in by the session cookie, which the sandboxed page's own requests do not carry.
        runningDriver(clusterId);
        ctx.redirect(
            prefix(clusterId) + TICKET_SEGMENT + ticket(principal, clusterId) + path + query,
            HttpStatus.FOUND);
        return;
      }
      base = prefix(clusterId);
    }
    NodeRow driver = runningDriver(clusterId);
    String origin = "http://127.0.0.1:" + driver.sparkUiPort();
    HttpResponse<java.io.InputStream> response =
        http.send(
            HttpRequest.newBuilder(URI.create(origin + path + query))
                // Spark's UI prefixes its links (static files, tabs) with this; spark.ui.proxyBase
                // in the session's conf does not reach its pages.
                .header("X-Forwarded-Context", base)
                .timeout(Duration.ofSeconds(30))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofInputStream());
    ctx.status(response.statusCode());
    for (String header : PASSED_HEADERS) {
      response.headers().firstValue(header).ifPresent(v -> ctx.header(header, v));
    }
    response
        .headers()
        .firstValue("Location")
        .ifPresent(location -> ctx.header("Location", rewrite(location, origin, base)));
    if (byTicket) {
      // Spark's pages read its REST API by script; from the sandbox's opaque origin that is a
      // cross-origin read. Holding the ticket is what grants it, so any origin may.
      ctx.header("Access-Control-Allow-Origin", "*");
    }
    // Streamed to the browser as it comes: one huge page never sits in the control plane's heap.
    // HTML pages get in-memory web storage first thing, which the sandbox's origin lacks.
    boolean html = StorageShim.applies(response.headers().firstValue("Content-Type").orElse(null));
    ctx.result(html ? StorageShim.inject(response.body()) : response.body());
  }

  private NodeRow runningDriver(String clusterId) {
    ClusterRow cluster = clusters.existing(clusterId);
    if (cluster.state() != ClusterState.RUNNING && cluster.state() != ClusterState.RESIZING) {
      throw new ApiException(
          ErrorCode.INVALID_STATE, "The Spark UI is available while the cluster is running");
    }
    return clusters.nodes(clusterId).stream()
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
  }

  /**
   * Kiln's own pages open the Spark UI only as a page (a new tab), never load it as a script, style
   * or fetch: refusing those keeps what a driver serves from ever running in Kiln's origin, even
   * through a page of Kiln's that allows scripts from its own origin.
   */
  private static void refuseKilnPagesLoadingIt(Context ctx) {
    String dest = ctx.header("Sec-Fetch-Dest");
    if ("same-origin".equals(ctx.header("Sec-Fetch-Site"))
        && dest != null
        && !dest.equals("document")) {
      throw ApiException.denied("Kiln's pages open the Spark UI as a page only, not as a " + dest);
    }
  }

  /** {@code <user id>.<expiry seconds>.<signature>}, signed for this cluster. */
  String ticket(Principal principal, String clusterId) {
    long expiry = clock.instant().plus(TICKET_LIFETIME).getEpochSecond();
    String claims = principal.userId() + "." + expiry;
    return claims + "." + sign(claims, clusterId);
  }

  boolean validTicket(String ticket, String clusterId) {
    int dot = ticket.lastIndexOf('.');
    if (dot < 0) {
      return false;
    }
    String claims = ticket.substring(0, dot);
    byte[] given = ticket.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = sign(claims, clusterId).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(given, expected)) {
      return false;
    }
    String[] parts = claims.split("\\.");
    try {
      return parts.length == 2 && Long.parseLong(parts[1]) > clock.instant().getEpochSecond();
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private String sign(String claims, String clusterId) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(ticketKey, "HmacSHA256"));
      byte[] sig = mac.doFinal((clusterId + "\n" + claims).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(sig, 18));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /**
   * Keeps redirects inside the proxy, under the prefix the request came with; one to another origin
   * goes to the UI's root instead (Kiln's origin is no open redirect for a driver).
   */
  static String rewrite(String location, String origin, String base) {
    String path = location.startsWith(origin) ? location.substring(origin.length()) : location;
    if (path.startsWith("//") || path.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*")) {
      return base + "/";
    }
    if (path.startsWith("/") && !path.startsWith(base)) {
      return base + path;
    }
    return path;
  }
}
