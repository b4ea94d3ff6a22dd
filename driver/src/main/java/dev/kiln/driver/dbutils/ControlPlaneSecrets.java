package dev.kiln.driver.dbutils;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Secrets from the control plane: {@code GET /api/2.0/kiln/node/secrets/{get,list,scopes}} with the
 * node's instance id and secret; the control plane checks the user's ACLs. Errors come back as
 * exceptions carrying the Databricks {@code error_code} and message.
 */
public final class ControlPlaneSecrets implements SecretSource {
  private final ControlPlaneCall http;

  public ControlPlaneSecrets(String baseUrl, String instanceId, String nodeSecret) {
    this.http = new ControlPlaneCall(baseUrl, instanceId, nodeSecret);
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
    try {
      return http.get("secrets/" + what, params);
    } catch (ControlPlaneCall.Refused e) {
      throw new SecretsException(e.errorCode(), e.getMessage());
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
