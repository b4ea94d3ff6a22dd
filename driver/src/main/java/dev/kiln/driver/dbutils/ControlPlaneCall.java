package dev.kiln.driver.dbutils;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Calls to the control plane's node routes ({@code /api/2.0/kiln/node/...}) with the node's
 * instance id and secret, and the credential of the command the call is for (the control plane
 * takes the user from it). A refusal comes back as a {@link Refused} carrying the Databricks {@code
 * error_code} and message.
 */
final class ControlPlaneCall {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CREDENTIAL_HEADER = "X-Kiln-Command-Credential";
  private static final String NODE_API = "/api/2.0/kiln/node/";
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String instanceId;
  private final String nodeSecret;

  ControlPlaneCall(String baseUrl, String instanceId, String nodeSecret) {
    this.baseUrl = baseUrl == null ? null : baseUrl.replaceAll("/+$", "");
    this.instanceId = instanceId;
    this.nodeSecret = nodeSecret;
  }

  /** {@code GET route?k=v&...} with {@code params} as name, value pairs, for a command. */
  JsonNode get(String credential, String route, String... params) {
    StringBuilder query = new StringBuilder();
    for (int i = 0; i < params.length; i += 2) {
      query
          .append(i == 0 ? '?' : '&')
          .append(params[i])
          .append('=')
          .append(
              URLEncoder.encode(
                  params[i + 1] == null ? "" : params[i + 1], StandardCharsets.UTF_8));
    }
    return send(request(credential, route + query).GET());
  }

  /** {@code POST route} with {@code body} as JSON, for a command. */
  JsonNode post(String credential, String route, Object body) {
    try {
      return send(
          request(credential, route)
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot write the request: " + e, e);
    }
  }

  private HttpRequest.Builder request(String credential, String routeAndQuery) {
    if (baseUrl == null || baseUrl.isEmpty()) {
      throw new IllegalStateException("This node does not know its control plane's URL");
    }
    if (credential == null || credential.isEmpty()) {
      throw new Refused(
          "UNAUTHENTICATED",
          "No command credential: dbutils acts for a user only while a command of theirs runs");
    }
    return HttpRequest.newBuilder(URI.create(baseUrl + NODE_API + routeAndQuery))
        .timeout(Duration.ofSeconds(30))
        .header("X-Kiln-Instance", instanceId)
        .header("Authorization", "Bearer " + nodeSecret)
        .header(CREDENTIAL_HEADER, credential);
  }

  private JsonNode send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      JsonNode body =
          response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
      if (response.statusCode() != 200) {
        throw new Refused(
            body.path("error_code").asText("HTTP_" + response.statusCode()),
            body.path("message").asText(response.body()));
      }
      return body;
    } catch (IOException e) {
      throw new Refused("TEMPORARILY_UNAVAILABLE", "Control plane unreachable: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Refused("CANCELLED", "Interrupted while calling the control plane");
    }
  }

  /** The control plane's answer to a call it refused (or could not be reached for). */
  static final class Refused extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String errorCode;

    Refused(String errorCode, String message) {
      super(message);
      this.errorCode = errorCode;
    }

    String errorCode() {
      return errorCode;
    }

    /** Worth another try later: the control plane was unreachable or busy. */
    boolean transientFailure() {
      return errorCode.equals("TEMPORARILY_UNAVAILABLE") || errorCode.startsWith("HTTP_5");
    }
  }
}
