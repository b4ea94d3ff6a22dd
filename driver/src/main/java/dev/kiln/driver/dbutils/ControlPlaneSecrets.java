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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Secrets from the control plane: {@code GET /api/2.0/kiln/node/secrets/{get,list,scopes}} with the
 * node's instance id and secret; the control plane checks the user's ACLs. Errors come back as
 * exceptions carrying the Databricks {@code error_code} and message.
 */
public final class ControlPlaneSecrets implements SecretSource {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String baseUrl;
  private final String instanceId;
  private final String nodeSecret;

  public ControlPlaneSecrets(String baseUrl, String instanceId, String nodeSecret) {
    this.baseUrl = baseUrl == null ? null : baseUrl.replaceAll("/+$", "");
    this.instanceId = instanceId;
    this.nodeSecret = nodeSecret;
  }

  @Override
  public byte[] get(String scope, String key, String user) {
    JsonNode body = call("get", "scope", scope, "key", key, "user", user);
    return Base64.getDecoder().decode(body.path("value").asText(""));
  }

  @Override
  public List<SecretMetadata> list(String scope, String user) {
    JsonNode body = call("list", "scope", scope, "user", user);
    List<SecretMetadata> out = new ArrayList<>();
    for (JsonNode s : body.path("secrets")) {
      out.add(
          new SecretMetadata(s.path("key").asText(), s.path("last_updated_timestamp").asLong()));
    }
    return out;
  }

  @Override
  public List<SecretScope> listScopes(String user) {
    JsonNode body = call("scopes", "user", user);
    List<SecretScope> out = new ArrayList<>();
    for (JsonNode s : body.path("scopes")) {
      out.add(
          new SecretScope(s.path("name").asText(), s.path("backend_type").asText("DATABRICKS")));
    }
    return out;
  }

  private JsonNode call(String what, String... params) {
    if (baseUrl == null || baseUrl.isEmpty()) {
      throw new IllegalStateException("This node does not know its control plane's URL");
    }
    StringBuilder url =
        new StringBuilder(baseUrl).append("/api/2.0/kiln/node/secrets/").append(what);
    for (int i = 0; i < params.length; i += 2) {
      url.append(i == 0 ? '?' : '&')
          .append(params[i])
          .append('=')
          .append(
              URLEncoder.encode(
                  params[i + 1] == null ? "" : params[i + 1], StandardCharsets.UTF_8));
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url.toString()))
            .timeout(Duration.ofSeconds(30))
            .header("X-Kiln-Instance", instanceId)
            .header("Authorization", "Bearer " + nodeSecret)
            .GET()
            .build();
    try {
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      JsonNode body =
          response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
      if (response.statusCode() != 200) {
        throw new SecretsException(
            body.path("error_code").asText("HTTP_" + response.statusCode()),
            body.path("message").asText(response.body()));
      }
      return body;
    } catch (IOException e) {
      throw new SecretsException("TEMPORARILY_UNAVAILABLE", "Control plane unreachable: " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SecretsException("CANCELLED", "Interrupted while reading a secret");
    }
  }

  /** A refused secret call: {@code error_code: message}, as the Databricks runtime shows it. */
  public static final class SecretsException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SecretsException(String errorCode, String message) {
      super(errorCode + ": " + message);
    }
  }
}
