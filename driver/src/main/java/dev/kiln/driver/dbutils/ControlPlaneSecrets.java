package dev.kiln.driver.dbutils;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Secrets from the control plane: {@code GET /api/2.0/kiln/node/secrets/{get,list,scopes}} with the
 * node's instance id and secret and the command's credential; the control plane checks the ACLs of
 * the user the credential names. Errors come back as exceptions carrying the Databricks {@code
 * error_code} and message.
 */
public final class ControlPlaneSecrets implements SecretSource {
  private final ControlPlaneCall http;

  public ControlPlaneSecrets(String baseUrl, String instanceId, String nodeSecret) {
    this.http = new ControlPlaneCall(baseUrl, instanceId, nodeSecret);
  }

  @Override
  public byte[] get(String scope, String key, String credential) {
    JsonNode body = call(credential, "get", "scope", scope, "key", key);
    return Base64.getDecoder().decode(body.path("value").asText(""));
  }

  @Override
  public List<SecretMetadata> list(String scope, String credential) {
    JsonNode body = call(credential, "list", "scope", scope);
    List<SecretMetadata> out = new ArrayList<>();
    for (JsonNode s : body.path("secrets")) {
      out.add(
          new SecretMetadata(s.path("key").asText(), s.path("last_updated_timestamp").asLong()));
    }
    return out;
  }

  @Override
  public List<SecretScope> listScopes(String credential) {
    JsonNode body = call(credential, "scopes");
    List<SecretScope> out = new ArrayList<>();
    for (JsonNode s : body.path("scopes")) {
      out.add(
          new SecretScope(s.path("name").asText(), s.path("backend_type").asText("DATABRICKS")));
    }
    return out;
  }

  private JsonNode call(String credential, String what, String... params) {
    try {
      return http.get(credential, "secrets/" + what, params);
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
