package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.PermissionDenied;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.iam.ListUsersRequest;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.settings.CreateOboTokenRequest;
import com.databricks.sdk.service.workspace.AclItem;
import com.databricks.sdk.service.workspace.AclPermission;
import com.databricks.sdk.service.workspace.AzureKeyVaultSecretScopeMetadata;
import com.databricks.sdk.service.workspace.CreateScope;
import com.databricks.sdk.service.workspace.DeleteAcl;
import com.databricks.sdk.service.workspace.DeleteSecret;
import com.databricks.sdk.service.workspace.PutAcl;
import com.databricks.sdk.service.workspace.PutSecret;
import com.databricks.sdk.service.workspace.ScopeBackendType;
import com.databricks.sdk.service.workspace.SecretMetadata;
import com.databricks.sdk.service.workspace.SecretScope;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Secrets API 2.0 through the official Databricks Java SDK, with ACLs and encryption at rest. */
class SecretsIT {
  static TestServer server;
  static WorkspaceClient admin;
  static WorkspaceClient ann;
  static WorkspaceClient bob;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.client();
    ann = userClient("ann@example.com");
    bob = userClient("bob@example.com");
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A new non-admin user, signed in with a token an admin made for them. */
  private static WorkspaceClient userClient(String userName) {
    admin.users().create(new User().setUserName(userName));
    String token =
        admin
            .tokenManagement()
            .createOboToken(new CreateOboTokenRequest().setApplicationId(userName))
            .getTokenValue();
    return server.clientFor(token);
  }

  @Test
  void aDeletedUsersGrantsGoWithThemAndAreNotInheritedByTheirName() {
    String scope = "gone-" + UUID.randomUUID().toString().substring(0, 8);
    admin.secrets().createScope(new CreateScope().setScope(scope));
    admin.secrets().putSecret(new PutSecret().setScope(scope).setKey("k").setStringValue("v"));
    userClient("leaver@example.com");
    admin
        .secrets()
        .putAcl(
            new PutAcl()
                .setScope(scope)
                .setPrincipal("leaver@example.com")
                .setPermission(AclPermission.READ));

    String id =
        list(admin
                .users()
                .list(new ListUsersRequest().setFilter("userName eq \"leaver@example.com\"")))
            .get(0)
            .getId();
    admin.users().delete(id);
    assertThatThrownBy(() -> admin.secrets().getAcl(scope, "leaver@example.com"))
        .isInstanceOf(ResourceDoesNotExist.class);

    WorkspaceClient successor = userClient("leaver@example.com");
    assertThatThrownBy(() -> list(successor.secrets().listSecrets(scope)))
        .isInstanceOf(PermissionDenied.class);
  }

  private static <T> List<T> list(Iterable<T> items) {
    return StreamSupport.stream(items.spliterator(), false).toList();
  }

  private static List<String> scopeNames(WorkspaceClient client) {
    return list(client.secrets().listScopes()).stream().map(SecretScope::getName).toList();
  }

  private static List<String> keys(WorkspaceClient client, String scope) {
    return list(client.secrets().listSecrets(scope)).stream().map(SecretMetadata::getKey).toList();
  }

  private static void createScope(WorkspaceClient client, String scope) {
    client.secrets().createScope(new CreateScope().setScope(scope));
  }

  private static void put(WorkspaceClient client, String scope, String key, String value) {
    client.secrets().putSecret(new PutSecret().setScope(scope).setKey(key).setStringValue(value));
  }

  private static String valueOf(String scope, String key) {
    return new String(bytesOf(scope, key), StandardCharsets.UTF_8);
  }

  private static byte[] bytesOf(String scope, String key) {
    return Base64.getDecoder().decode(admin.secrets().getSecret(scope, key).getValue());
  }

  private static void putAcl(String scope, String principal, AclPermission permission) {
    admin
        .secrets()
        .putAcl(new PutAcl().setScope(scope).setPrincipal(principal).setPermission(permission));
  }

  private static String unique(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void scopesAreCreatedListedAndDeleted() {
    String scope = unique("life");
    createScope(admin, scope);
    assertThat(list(admin.secrets().listScopes()))
        .filteredOn(s -> s.getName().equals(scope))
        .singleElement()
        .satisfies(s -> assertThat(s.getBackendType()).isEqualTo(ScopeBackendType.DATABRICKS));
    assertThatThrownBy(() -> createScope(admin, scope)).isInstanceOf(ResourceAlreadyExists.class);
    assertThat(list(admin.secrets().listAcls(scope)))
        .extracting(AclItem::getPrincipal, AclItem::getPermission)
        .containsExactly(tuple("admin", AclPermission.MANAGE));

    admin.secrets().deleteScope(scope);
    assertThat(scopeNames(admin)).doesNotContain(scope);
    assertThatThrownBy(() -> admin.secrets().deleteScope(scope))
        .isInstanceOf(ResourceDoesNotExist.class);
    // An explicit DATABRICKS backend is the same as none.
    admin
        .secrets()
        .createScope(
            new CreateScope().setScope(scope).setScopeBackendType(ScopeBackendType.DATABRICKS));
    assertThat(scopeNames(admin)).contains(scope);
    admin.secrets().deleteScope(scope);
  }

  @Test
  void scopeCreationRefusesBadNamesAzureAndOtherInitialManagers() {
    List<String> before = scopeNames(admin);
    for (String bad : List.of("has space", "slash/", "x".repeat(129), "ümlaut")) {
      assertThatThrownBy(() -> createScope(admin, bad))
          .as(bad)
          .isInstanceOf(InvalidParameterValue.class);
    }
    assertThatThrownBy(
            () ->
                admin
                    .secrets()
                    .createScope(
                        new CreateScope()
                            .setScope(unique("azure"))
                            .setScopeBackendType(ScopeBackendType.AZURE_KEYVAULT)
                            .setBackendAzureKeyvault(
                                new AzureKeyVaultSecretScopeMetadata()
                                    .setResourceId("/subscriptions/x")
                                    .setDnsName("https://x.vault.azure.net/"))))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("Azure Key Vault");
    assertThatThrownBy(
            () ->
                admin
                    .secrets()
                    .createScope(
                        new CreateScope()
                            .setScope(unique("init"))
                            .setInitialManagePrincipal("ann@example.com")))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("users");
    assertThat(scopeNames(admin)).isEqualTo(before);

    String longest = "L".repeat(128);
    createScope(admin, longest);
    assertThat(scopeNames(admin)).contains(longest);
    admin.secrets().deleteScope(longest);
  }

  @Test
  void aWorkspaceHoldsAtMost100Scopes() {
    int existing = scopeNames(admin).size();
    List<String> fillers = new ArrayList<>();
    try {
      for (int i = existing; i < 100; i++) {
        String name = "filler-" + i;
        createScope(admin, name);
        fillers.add(name);
      }
      assertThatThrownBy(() -> createScope(admin, "one-too-many"))
          .isInstanceOf(BadRequest.class)
          .satisfies(
              e ->
                  assertThat(((DatabricksError) e).getErrorCode())
                      .isEqualTo("RESOURCE_LIMIT_EXCEEDED"));
      assertThat(scopeNames(admin)).hasSize(100).doesNotContain("one-too-many");
    } finally {
      fillers.forEach(admin.secrets()::deleteScope);
    }
    createScope(admin, "one-too-many");
    admin.secrets().deleteScope("one-too-many");
  }

  @Test
  void secretsArePutListedReadOverwrittenAndDeleted() {
    String scope = unique("crud");
    createScope(admin, scope);
    long before = System.currentTimeMillis();
    put(admin, scope, "password", "hunter2 – ünïcødé");
    byte[] binary = {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 13};
    admin
        .secrets()
        .putSecret(
            new PutSecret()
                .setScope(scope)
                .setKey("blob.bin")
                .setBytesValue(Base64.getEncoder().encodeToString(binary)));

    List<SecretMetadata> listed = list(admin.secrets().listSecrets(scope));
    assertThat(listed).extracting(SecretMetadata::getKey).containsExactly("blob.bin", "password");
    assertThat(listed)
        .allSatisfy(
            m ->
                assertThat(m.getLastUpdatedTimestamp())
                    .isBetween(before, System.currentTimeMillis()));
    String rawList = server.call("GET", "/api/2.0/secrets/list?scope=" + scope, null).body();
    assertThat(rawList).doesNotContain("hunter2").doesNotContain("value");

    assertThat(valueOf(scope, "password")).isEqualTo("hunter2 – ünïcødé");
    assertThat(bytesOf(scope, "blob.bin")).isEqualTo(binary);
    assertThat(admin.secrets().getSecret(scope, "password").getKey()).isEqualTo("password");

    put(admin, scope, "password", "changed");
    assertThat(valueOf(scope, "password")).isEqualTo("changed");
    assertThat(keys(admin, scope)).containsExactly("blob.bin", "password");

    admin.secrets().deleteSecret(new DeleteSecret().setScope(scope).setKey("password"));
    assertThat(keys(admin, scope)).containsExactly("blob.bin");
    assertThatThrownBy(() -> admin.secrets().getSecret(scope, "password"))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(
            () ->
                admin.secrets().deleteSecret(new DeleteSecret().setScope(scope).setKey("password")))
        .isInstanceOf(ResourceDoesNotExist.class);

    // Deleting the scope takes its secrets along; a new scope of that name starts empty.
    admin.secrets().deleteScope(scope);
    createScope(admin, scope);
    assertThat(keys(admin, scope)).isEmpty();
    admin.secrets().deleteScope(scope);
  }

  @Test
  void missingScopesAreReportedByEveryCall() {
    String missing = unique("missing");
    List<Runnable> calls =
        List.of(
            () -> admin.secrets().deleteScope(missing),
            () -> put(admin, missing, "k", "v"),
            () -> admin.secrets().deleteSecret(new DeleteSecret().setScope(missing).setKey("k")),
            () -> list(admin.secrets().listSecrets(missing)),
            () -> admin.secrets().getSecret(missing, "k"),
            () -> putAcl(missing, "users", AclPermission.READ),
            () ->
                admin.secrets().deleteAcl(new DeleteAcl().setScope(missing).setPrincipal("users")),
            () -> admin.secrets().getAcl(missing, "users"),
            () -> list(admin.secrets().listAcls(missing)));
    for (Runnable call : calls) {
      assertThatThrownBy(call::run).isInstanceOf(ResourceDoesNotExist.class);
    }
    assertThat(scopeNames(admin)).doesNotContain(missing);
  }

  @Test
  void aScopeHoldsAtMost1000Secrets() {
    String scope = unique("full");
    createScope(admin, scope);
    for (int i = 0; i < 1000; i++) {
      put(admin, scope, "k" + i, "v");
    }
    assertThatThrownBy(() -> put(admin, scope, "k1000", "v"))
        .isInstanceOf(BadRequest.class)
        .satisfies(
            e ->
                assertThat(((DatabricksError) e).getErrorCode())
                    .isEqualTo("RESOURCE_LIMIT_EXCEEDED"));
    put(admin, scope, "k999", "overwrite is fine");
    assertThat(valueOf(scope, "k999")).isEqualTo("overwrite is fine");
    assertThat(keys(admin, scope)).hasSize(1000).doesNotContain("k1000");
    admin.secrets().deleteScope(scope);
  }

  @Test
  void aclsGrantReadThenWriteThenManage() {
    String scope = unique("team");
    createScope(admin, scope);
    put(admin, scope, "token", "t0ken");

    // No ACL: nothing at all.
    assertThat(scopeNames(ann)).doesNotContain(scope);
    assertDenied(() -> keys(ann, scope));
    assertDenied(() -> put(ann, scope, "mine", "x"));
    assertDenied(() -> ann.secrets().deleteScope(scope));
    assertDenied(() -> list(ann.secrets().listAcls(scope)));

    putAcl(scope, "ann@example.com", AclPermission.READ);
    assertThat(admin.secrets().getAcl(scope, "ann@example.com").getPermission())
        .isEqualTo(AclPermission.READ);
    assertThat(scopeNames(ann)).contains(scope);
    assertThat(keys(ann, scope)).containsExactly("token");
    assertDenied(() -> put(ann, scope, "mine", "x"));
    assertDenied(
        () -> ann.secrets().deleteSecret(new DeleteSecret().setScope(scope).setKey("token")));
    // Reading values over the API is for admins (and later the runtime) only.
    assertDenied(() -> ann.secrets().getSecret(scope, "token"));

    putAcl(scope, "ann@example.com", AclPermission.WRITE);
    put(ann, scope, "mine", "x");
    ann.secrets().deleteSecret(new DeleteSecret().setScope(scope).setKey("mine"));
    assertThat(keys(ann, scope)).containsExactly("token");
    assertDenied(() -> list(ann.secrets().listAcls(scope)));
    assertDenied(() -> ann.secrets().getAcl(scope, "ann@example.com"));
    assertDenied(
        () ->
            ann.secrets()
                .putAcl(
                    new PutAcl()
                        .setScope(scope)
                        .setPrincipal("bob@example.com")
                        .setPermission(AclPermission.READ)));
    assertDenied(() -> ann.secrets().deleteScope(scope));

    putAcl(scope, "ann@example.com", AclPermission.MANAGE);
    ann.secrets()
        .putAcl(
            new PutAcl()
                .setScope(scope)
                .setPrincipal("bob@example.com")
                .setPermission(AclPermission.READ));
    assertThat(list(ann.secrets().listAcls(scope)))
        .extracting(AclItem::getPrincipal, AclItem::getPermission)
        .containsExactly(
            tuple("admin", AclPermission.MANAGE),
            tuple("ann@example.com", AclPermission.MANAGE),
            tuple("bob@example.com", AclPermission.READ));
    assertThat(keys(bob, scope)).containsExactly("token");
    ann.secrets().deleteAcl(new DeleteAcl().setScope(scope).setPrincipal("bob@example.com"));
    assertDenied(() -> keys(bob, scope));

    admin.secrets().deleteAcl(new DeleteAcl().setScope(scope).setPrincipal("ann@example.com"));
    assertThatThrownBy(() -> admin.secrets().getAcl(scope, "ann@example.com"))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertDenied(() -> keys(ann, scope));
    assertThat(scopeNames(ann)).doesNotContain(scope);

    putAcl(scope, "ann@example.com", AclPermission.MANAGE);
    ann.secrets().deleteScope(scope);
    assertThat(scopeNames(admin)).doesNotContain(scope);
  }

  @Test
  void theGroupUsersSpeaksForEveryone() {
    String scope = unique("shared");
    createScope(admin, scope);
    putAcl(scope, "users", AclPermission.READ);
    assertThat(scopeNames(ann)).contains(scope);
    assertThat(scopeNames(bob)).contains(scope);
    assertDenied(() -> put(bob, scope, "k", "v"));
    // A user's own ACL and the group's add up to the stronger of the two.
    putAcl(scope, "bob@example.com", AclPermission.WRITE);
    put(bob, scope, "k", "v");
    assertDenied(() -> put(ann, scope, "k", "v"));
    // The group admins is a valid principal too; it does not reach non-admins.
    putAcl(scope, "admins", AclPermission.MANAGE);
    assertDenied(() -> list(ann.secrets().listAcls(scope)));
    admin.secrets().deleteScope(scope);
  }

  @Test
  void usersCreateScopesTheyManageAndAdminsManageEveryScope() {
    String scope = unique("anns");
    createScope(ann, scope);
    assertThat(list(ann.secrets().listAcls(scope)))
        .extracting(AclItem::getPrincipal, AclItem::getPermission)
        .containsExactly(tuple("ann@example.com", AclPermission.MANAGE));
    put(ann, scope, "k", "anns value");
    assertThat(scopeNames(bob)).doesNotContain(scope);
    assertDenied(() -> keys(bob, scope));
    // The admin holds no ACL on it and still sees, reads and manages it.
    assertThat(scopeNames(admin)).contains(scope);
    assertThat(valueOf(scope, "k")).isEqualTo("anns value");
    putAcl(scope, "bob@example.com", AclPermission.READ);
    assertThat(keys(bob, scope)).containsExactly("k");
    admin.secrets().deleteScope(scope);
  }

  @Test
  void initialManagePrincipalUsersLetsEveryoneManage() {
    String scope = unique("open");
    admin
        .secrets()
        .createScope(new CreateScope().setScope(scope).setInitialManagePrincipal("users"));
    assertThat(admin.secrets().getAcl(scope, "users").getPermission())
        .isEqualTo(AclPermission.MANAGE);
    assertThat(admin.secrets().getAcl(scope, "admin").getPermission())
        .isEqualTo(AclPermission.MANAGE);
    bob.secrets()
        .putAcl(
            new PutAcl()
                .setScope(scope)
                .setPrincipal("ann@example.com")
                .setPermission(AclPermission.READ));
    bob.secrets().deleteScope(scope);
    assertThat(scopeNames(admin)).doesNotContain(scope);
  }

  @Test
  void aclCallsRefuseUnknownPrincipalsAndMissingAcls() {
    String scope = unique("acl-errors");
    createScope(admin, scope);
    assertThatThrownBy(() -> putAcl(scope, "nobody@example.com", AclPermission.READ))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("nobody@example.com");
    assertThatThrownBy(() -> admin.secrets().getAcl(scope, "bob@example.com"))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(
            () ->
                admin
                    .secrets()
                    .deleteAcl(new DeleteAcl().setScope(scope).setPrincipal("bob@example.com")))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThat(list(admin.secrets().listAcls(scope)))
        .extracting(AclItem::getPrincipal)
        .containsExactly("admin");
    admin.secrets().deleteScope(scope);
  }

  private static void assertDenied(Runnable call) {
    assertThatThrownBy(call::run).isInstanceOf(PermissionDenied.class);
  }

  /** Everything a bad call could have changed, as one comparable value. */
  private static List<Object> snapshot(String scope) {
    return List.of(
        scopeNames(admin),
        list(admin.secrets().listSecrets(scope)),
        list(admin.secrets().listAcls(scope)),
        valueOf(scope, "k"));
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

  @Test
  void aValueOfExactly128KbIsAccepted() {
    String scope = unique("big");
    createScope(admin, scope);
    byte[] big = new byte[128 * 1024];
    big[big.length - 1] = 42;
    admin
        .secrets()
        .putSecret(
            new PutSecret()
                .setScope(scope)
                .setKey("big")
                .setBytesValue(Base64.getEncoder().encodeToString(big)));
    assertThat(bytesOf(scope, "big")).isEqualTo(big);
    admin.secrets().deleteScope(scope);
  }

  @Test
  void valuesAndAclsSurviveARestart() throws Exception {
    String scope = unique("durable");
    createScope(admin, scope);
    put(admin, scope, "text", "still here");
    byte[] bytes = "bytes \u0000 too".getBytes(StandardCharsets.UTF_8);
    admin
        .secrets()
        .putSecret(
            new PutSecret()
                .setScope(scope)
                .setKey("bytes")
                .setBytesValue(Base64.getEncoder().encodeToString(bytes)));
    putAcl(scope, "ann@example.com", AclPermission.READ);

    server.restart();
    admin = server.client();
    assertThat(valueOf(scope, "text")).isEqualTo("still here");
    assertThat(bytesOf(scope, "bytes")).isEqualTo(bytes);
    assertThat(keys(ann, scope)).containsExactly("bytes", "text");
    admin.secrets().deleteScope(scope);
  }

  @Test
  void thePlaintextOfASecretIsNowhereInTheDatabaseFiles() throws Exception {
    assumeThat(TestServer.store()).isEqualTo("h2");
    String scope = unique("at-rest");
    String plaintext = "plaintext-" + UUID.randomUUID();
    createScope(admin, scope);
    put(admin, scope, "k", plaintext);
    admin
        .secrets()
        .putSecret(
            new PutSecret()
                .setScope(scope)
                .setKey("b")
                .setBytesValue(
                    Base64.getEncoder()
                        .encodeToString(plaintext.getBytes(StandardCharsets.UTF_8))));
    assertThat(valueOf(scope, "k")).isEqualTo(plaintext);

    String files = databaseFiles();
    String base64 = Base64.getEncoder().encodeToString(plaintext.getBytes(StandardCharsets.UTF_8));
    // The scope's name was written by the same commits: proof that the files hold them.
    assertThat(files.contains(scope)).as("the scope name is in the H2 files").isTrue();
    assertThat(files.contains(plaintext)).as("the plaintext is in the H2 files").isFalse();
    assertThat(files.contains(base64)).as("the plaintext's base64 is in the H2 files").isFalse();
    admin.secrets().deleteScope(scope);
  }

  /** Every byte of the H2 files, one byte per char, so that ASCII text can be searched. */
  private static String databaseFiles() throws Exception {
    Path db = server.home().resolve("db");
    StringBuilder all = new StringBuilder();
    try (Stream<Path> paths = Files.walk(db)) {
      for (Path p : paths.filter(Files::isRegularFile).toList()) {
        all.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
      }
    }
    assertThat(all).as("H2 files under %s", db).isNotEmpty();
    return all.toString();
  }
}
