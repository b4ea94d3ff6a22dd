package dev.kiln.it;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.settings.CreateOboTokenRequest;
import com.databricks.sdk.service.workspace.AclPermission;
import com.databricks.sdk.service.workspace.CreateScope;
import com.databricks.sdk.service.workspace.PutAcl;
import com.databricks.sdk.service.workspace.PutSecret;
import com.databricks.sdk.service.workspace.SecretMetadata;
import com.databricks.sdk.service.workspace.SecretScope;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.StreamSupport;

/**
 * What the Secrets ITs share: short calls through the SDK. Each call takes the client to use, so
 * that a test class that restarts its server can pass the new one.
 */
final class SecretsCalls {
  private SecretsCalls() {}

  /** A new non-admin user, signed in with a token an admin made for them. */
  static WorkspaceClient userClient(TestServer server, WorkspaceClient admin, String userName) {
    admin.users().create(new User().setUserName(userName));
    String token =
        admin
            .tokenManagement()
            .createOboToken(new CreateOboTokenRequest().setApplicationId(userName))
            .getTokenValue();
    return server.clientFor(token);
  }

  static <T> List<T> list(Iterable<T> items) {
    return StreamSupport.stream(items.spliterator(), false).toList();
  }

  static List<String> scopeNames(WorkspaceClient client) {
    return list(client.secrets().listScopes()).stream().map(SecretScope::getName).toList();
  }

  static List<String> keys(WorkspaceClient client, String scope) {
    return list(client.secrets().listSecrets(scope)).stream().map(SecretMetadata::getKey).toList();
  }

  static void createScope(WorkspaceClient client, String scope) {
    client.secrets().createScope(new CreateScope().setScope(scope));
  }

  static void put(WorkspaceClient client, String scope, String key, String value) {
    client.secrets().putSecret(new PutSecret().setScope(scope).setKey(key).setStringValue(value));
  }

  /** A secret's value as UTF-8 text, read as an admin. */
  static String textOf(WorkspaceClient admin, String scope, String key) {
    return new String(bytesOf(admin, scope, key), StandardCharsets.UTF_8);
  }

  /** A secret's value, read as an admin. */
  static byte[] bytesOf(WorkspaceClient admin, String scope, String key) {
    return Base64.getDecoder().decode(admin.secrets().getSecret(scope, key).getValue());
  }

  static void putAcl(
      WorkspaceClient admin, String scope, String principal, AclPermission permission) {
    admin
        .secrets()
        .putAcl(new PutAcl().setScope(scope).setPrincipal(principal).setPermission(permission));
  }

  static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
