package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertError;
import static dev.kiln.it.SecretsCalls.createScope;
import static dev.kiln.it.SecretsCalls.list;
import static dev.kiln.it.SecretsCalls.put;
import static dev.kiln.it.SecretsCalls.scopeNames;
import static dev.kiln.it.SecretsCalls.textOf;
import static dev.kiln.it.SecretsCalls.unique;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Raw Secrets API 2.0 calls the SDK would never send (malformed JSON, wrong types, bad names,
 * oversize values): each gets a Databricks error, never echoes the value, and changes nothing.
 */
class SecretsBadInputIT extends ServerIT {

  /** Everything a bad call could have changed, as one comparable value. */
  private static List<Object> snapshot(String scope) {
    return List.of(
        scopeNames(admin),
        list(admin.secrets().listSecrets(scope)),
        list(admin.secrets().listAcls(scope)),
        textOf(admin, scope, "k"));
  }

  /**
   * A POST the SDK would never send. In {@code body}, single quotes stand for double quotes and
   * {@code $S} for the test's scope.
   */
  private record BadPost(String path, String body, String errorCode) {
    BadPost(String path, String body) {
      this(path, body, "INVALID_PARAMETER_VALUE");
    }

    String json(String scope) {
      return body.replace('\'', '"').replace("$S", scope);
    }
  }

  @Test
  void badInputGetsDatabricksErrorsAndChangesNothing() {
    String scope = unique("bad-input");
    createScope(admin, scope);
    put(admin, scope, "k", "original");
    List<Object> before = snapshot(scope);
    String oversize = "x".repeat(128 * 1024 + 1);
    String oversizeBytes = Base64.getEncoder().encodeToString(new byte[128 * 1024 + 1]);
    List<BadPost> posts =
        List.of(
            new BadPost("scopes/create", "{'scope':", "MALFORMED_REQUEST"),
            new BadPost("scopes/create", "['$S']", "MALFORMED_REQUEST"),
            new BadPost("scopes/create", "{'scope':5}"),
            new BadPost("scopes/create", "{}"),
            new BadPost("scopes/create", "{'scope':'a b'}"),
            new BadPost("scopes/create", "{'scope':'x','scope_backend_type':'S3'}"),
            new BadPost("scopes/create", "{'scope':'x','scope_backend_type':'AZURE_KEYVAULT'}"),
            new BadPost("scopes/create", "{'scope':'x','initial_manage_principal':'admins'}"),
            new BadPost("scopes/create", "{'scope':'$S'}", "RESOURCE_ALREADY_EXISTS"),
            new BadPost("scopes/delete", "{}"),
            new BadPost("scopes/delete", "{'scope':['$S']}"),
            new BadPost("put", "{'scope':'$S','key':'k','string_value':", "MALFORMED_REQUEST"),
            new BadPost("put", "{'scope':'$S','key':'k'}"),
            new BadPost("put", "{'scope':'$S','key':'k','string_value':'a','bytes_value':'YQ=='}"),
            new BadPost("put", "{'scope':'$S','string_value':'a'}"),
            new BadPost("put", "{'key':'k','string_value':'a'}"),
            new BadPost("put", "{'scope':'$S','key':'k','string_value':5}"),
            new BadPost("put", "{'scope':'$S','key':'k','string_value':true}"),
            new BadPost("put", "{'scope':'$S','key':'k k','string_value':'a'}"),
            new BadPost("put", "{'scope':'$S','key':'" + "k".repeat(129) + "','string_value':'a'}"),
            new BadPost("put", "{'scope':'$S','key':'k','bytes_value':'not base64!'}"),
            new BadPost("put", "{'scope':'$S','key':'k','string_value':'" + oversize + "'}"),
            new BadPost("put", "{'scope':'$S','key':'k','bytes_value':'" + oversizeBytes + "'}"),
            new BadPost("delete", "{'scope':'$S'}"),
            new BadPost("delete", "{'scope':'$S','key':'../k'}"),
            new BadPost("acls/put", "{'scope':'$S','principal':'users'}"),
            new BadPost("acls/put", "{'scope':'$S','principal':'users','permission':'OWNER'}"),
            new BadPost("acls/put", "{'scope':'$S','principal':'users','permission':'read'}"),
            new BadPost("acls/put", "{'scope':'$S','permission':'READ'}"),
            new BadPost(
                "acls/put", "{'scope':'$S','principal':'ghost@example.com','permission':'READ'}"),
            new BadPost("acls/delete", "{'scope':'$S'}"));
    for (BadPost p : posts) {
      String message =
          assertError(
              server.call("POST", "/api/2.0/secrets/" + p.path(), p.json(scope)),
              400,
              p.errorCode());
      assertThat(message).as("message of %s", p.path()).doesNotContain(oversize.substring(0, 100));
      assertThat(snapshot(scope))
          .as("after POST %s %s", p.path(), shorten(p.body()))
          .isEqualTo(before);
    }
    List<String> gets =
        List.of(
            "list",
            "list?scope=a%20b",
            "list?scope=" + scope + "&scope=other",
            "get?scope=" + scope,
            "get?key=k",
            "get?scope=" + scope + "&key=a%2Fb",
            "acls/list",
            "acls/get?scope=" + scope);
    for (String get : gets) {
      assertError(
          server.call("GET", "/api/2.0/secrets/" + get, null), 400, "INVALID_PARAMETER_VALUE");
    }
    assertThat(snapshot(scope)).isEqualTo(before);
    admin.secrets().deleteScope(scope);
  }

  private static String shorten(String body) {
    return body.length() > 120 ? body.substring(0, 120) + "..." : body;
  }
}
