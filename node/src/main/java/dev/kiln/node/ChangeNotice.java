package dev.kiln.node;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the control plane that this node's status changed ({@code POST
 * /api/2.0/kiln/node/changed}), so that its reconciler reads the status now rather than at its next
 * tick: a driver that is READY makes its cluster RUNNING without waiting. Best effort, off the
 * caller's thread, and coalesced: changes that come while a notice is on its way are told with the
 * next one. A lost notice costs only the tick it would have saved.
 */
final class ChangeNotice {
  private static final Logger log = LoggerFactory.getLogger(ChangeNotice.class);
  private static final String ROUTE = "/api/2.0/kiln/node/changed";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final URI target;
  private final String instanceId;
  private final String nodeSecret;
  private final AtomicBoolean queued = new AtomicBoolean();
  private final ExecutorService sender =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "kiln-node-notice");
            t.setDaemon(true);
            return t;
          });
  private HttpClient http;

  /** {@code controlPlaneUrl} null or empty: a node without a control plane tells nobody. */
  ChangeNotice(String controlPlaneUrl, String instanceId, String nodeSecret) {
    this.target =
        controlPlaneUrl == null || controlPlaneUrl.isBlank()
            ? null
            : URI.create(controlPlaneUrl.replaceAll("/+$", "") + ROUTE);
    this.instanceId = instanceId;
    this.nodeSecret = nodeSecret;
  }

  /** Sends a notice soon; never blocks. */
  void changed() {
    if (target == null || !queued.compareAndSet(false, true)) {
      return;
    }
    try {
      sender.execute(this::send);
    } catch (RejectedExecutionException e) {
      queued.set(false); // closed
    }
  }

  /**
   * Builds the HTTP client ahead, off the caller's thread: the first one in a JVM loads its TLS
   * defaults, a few hundred milliseconds a pool instance spends better while idle.
   */
  void prepare() {
    if (target != null) {
      sender.execute(
          () -> {
            var unused = client();
          });
    }
  }

  void close() {
    sender.shutdownNow();
  }

  private void send() {
    queued.set(false);
    try {
      HttpRequest request =
          HttpRequest.newBuilder(target)
              .timeout(TIMEOUT)
              .header("X-Kiln-Instance", instanceId)
              .header("Authorization", "Bearer " + nodeSecret)
              .POST(HttpRequest.BodyPublishers.noBody())
              .build();
      HttpResponse<Void> response = client().send(request, HttpResponse.BodyHandlers.discarding());
      if (response.statusCode() != 200) {
        log.debug("The control plane answered {} to a change notice", response.statusCode());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.io.IOException | RuntimeException e) {
      log.debug("Could not tell the control plane of a change: {}", e.toString());
    }
  }

  private HttpClient client() {
    if (http == null) {
      http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }
    return http;
  }
}
