package dev.kiln.server.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import dev.kiln.model.node.NodeStatus;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The control plane's side of the node protocol: HTTP on loopback, authenticated with the node's
 * own secret. Every call also counts, on the node, as a sign of life of its control plane.
 */
public final class NodeClient {
  private static final Duration TIMEOUT = Duration.ofSeconds(2);

  /** Calls that do work on the node (creating a context, queueing a command) may take longer. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  /**
   * The largest answer read from a node: a command's results are cut on the driver to a few MB (its
   * OutputLimits), so this only bounds what a node running rogue code could send.
   */
  public static final long MAX_ANSWER_BYTES = 64L << 20;

  /** A node's status is small. */
  static final long MAX_STATUS_BYTES = 1L << 20;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(TIMEOUT).version(HttpClient.Version.HTTP_1_1).build();
  private final ObjectMapper mapper = Json.mapper();
  private final long maxAnswerBytes;

  public NodeClient() {
    this(MAX_ANSWER_BYTES);
  }

  NodeClient(long maxAnswerBytes) {
    this.maxAnswerBytes = maxAnswerBytes;
  }

  /** The node's status, or empty when it does not answer. */
  public Optional<NodeStatus> status(NodeRow node) {
    if (node.port() == null) {
      return Optional.empty();
    }
    try {
      HttpResponse<byte[]> response =
          http.send(request(node, "/status").GET().build(), BoundedBody.handler(MAX_STATUS_BYTES));
      if (response.statusCode() != 200) {
        return Optional.empty();
      }
      return Optional.of(mapper.readValue(response.body(), NodeStatus.class));
    } catch (IOException e) {
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  /** Asks the node to stop Spark and exit; true if it took the request. */
  public boolean stop(NodeRow node) {
    if (node.port() == null) {
      return false;
    }
    try {
      HttpResponse<Void> response =
          http.send(
              request(node, "/stop").POST(HttpRequest.BodyPublishers.noBody()).build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Gives a pool's instance its role: the node spec of the cluster that took it. True if the node
   * took it (also when it already had this very assignment).
   */
  public boolean assign(NodeRow node, dev.kiln.model.node.NodeSpec spec) {
    return call(node, "POST", "/assign", spec).map(a -> a.status() == 200).orElse(false);
  }

  /** A node's answer to a call: its HTTP status and JSON body. */
  public record Answer(int status, JsonNode body) {}

  /**
   * A JSON call to a node's API; empty when the node does not answer. An answer larger than {@link
   * #MAX_ANSWER_BYTES} is dropped unread, and comes back as a 502 with an INTERNAL_ERROR body.
   *
   * @param body the request body, or null for none
   */
  public Optional<Answer> call(NodeRow node, String method, String path, Object body) {
    if (node.port() == null) {
      return Optional.empty();
    }
    try {
      HttpRequest.BodyPublisher publisher =
          body == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(body));
      HttpResponse<byte[]> response =
          http.send(
              request(node, path)
                  .timeout(CALL_TIMEOUT)
                  .header("Content-Type", "application/json")
                  .method(method, publisher)
                  .build(),
              BoundedBody.handler(maxAnswerBytes));
      JsonNode json =
          response.body().length == 0
              ? mapper.createObjectNode()
              : mapper.readTree(response.body());
      return Optional.of(new Answer(response.statusCode(), json));
    } catch (IOException e) {
      if (BoundedBody.tooLarge(e)) {
        return Optional.of(tooLarge(node, path));
      }
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }

  private Answer tooLarge(NodeRow node, String path) {
    var body = mapper.createObjectNode();
    body.put("error_code", "INTERNAL_ERROR");
    body.put(
        "message",
        "The answer of node "
            + node.instanceId()
            + " to "
            + path
            + " is larger than "
            + maxAnswerBytes
            + " bytes; it was not read");
    return new Answer(502, body);
  }

  private static HttpRequest.Builder request(NodeRow node, String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port() + path))
        .timeout(TIMEOUT)
        .header("Authorization", "Bearer " + node.nodeSecret());
  }
}
