package dev.kiln.it;

import static dev.kiln.it.SecretsCalls.bytesOf;
import static dev.kiln.it.SecretsCalls.createScope;
import static dev.kiln.it.SecretsCalls.keys;
import static dev.kiln.it.SecretsCalls.list;
import static dev.kiln.it.SecretsCalls.put;
import static dev.kiln.it.SecretsCalls.putAcl;
import static dev.kiln.it.SecretsCalls.scopeNames;
import static dev.kiln.it.SecretsCalls.textOf;
import static dev.kiln.it.SecretsCalls.unique;
import static dev.kiln.it.SecretsCalls.userClient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.workspace.AclItem;
import com.databricks.sdk.service.workspace.AclPermission;
import com.databricks.sdk.service.workspace.AzureKeyVaultSecretScopeMetadata;
import com.databricks.sdk.service.workspace.CreateScope;
import com.databricks.sdk.service.workspace.DeleteAcl;
import com.databricks.sdk.service.workspace.DeleteSecret;
import com.databricks.sdk.service.workspace.PutSecret;
import com.databricks.sdk.service.workspace.ScopeBackendType;
import com.databricks.sdk.service.workspace.SecretMetadata;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Secrets API 2.0 through the official Databricks Java SDK: scopes, secrets, limits, restarts and
 * encryption at rest. ACLs and raw bad input have their own classes: {@link SecretsAclIT}, {@link
 * SecretsBadInputIT}.
 */
class SecretsIT extends ServerIT {
  static WorkspaceClient ann;

  @BeforeAll
  static void createUser() {
    ann = userClient(server, admin, "ann@example.com");
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

    assertThat(textOf(admin, scope, "password")).isEqualTo("hunter2 – ünïcødé");
    assertThat(bytesOf(admin, scope, "blob.bin")).isEqualTo(binary);
    assertThat(admin.secrets().getSecret(scope, "password").getKey()).isEqualTo("password");

    put(admin, scope, "password", "changed");
    assertThat(textOf(admin, scope, "password")).isEqualTo("changed");
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
            () -> putAcl(admin, missing, "users", AclPermission.READ),
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
    assertThat(textOf(admin, scope, "k999")).isEqualTo("overwrite is fine");
    assertThat(keys(admin, scope)).hasSize(1000).doesNotContain("k1000");
    admin.secrets().deleteScope(scope);
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
    assertThat(bytesOf(admin, scope, "big")).isEqualTo(big);
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
    putAcl(admin, scope, "ann@example.com", AclPermission.READ);

    server.restart();
    admin = server.client();
    assertThat(textOf(admin, scope, "text")).isEqualTo("still here");
    assertThat(bytesOf(admin, scope, "bytes")).isEqualTo(bytes);
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
    assertThat(textOf(admin, scope, "k")).isEqualTo(plaintext);

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
