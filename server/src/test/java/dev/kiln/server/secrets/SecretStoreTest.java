package dev.kiln.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.model.secrets.AclItem;
import dev.kiln.model.secrets.AclPermission;
import dev.kiln.model.secrets.CreateScopeRequest;
import dev.kiln.model.secrets.PutAclRequest;
import dev.kiln.model.secrets.PutSecretRequest;
import dev.kiln.model.secrets.SecretMetadata;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Principal;
import dev.kiln.server.config.KilnConfig;
import dev.kiln.server.store.Database;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The secrets services on a real (in-memory H2) store: what lands in the tables, and access. */
class SecretStoreTest {
  private static final Principal ADMIN = new Principal(1, "admin", true);
  private static final Principal ANN = new Principal(2, "ann", false);
  private static final Principal BOB = new Principal(3, "bob", false);
  private static final String PLAIN = "s3cr3t-plaintext-" + UUID.randomUUID();

  @TempDir Path home;
  private Database database;
  private Jdbi jdbi;
  private SecretCipher cipher;
  private ScopeService scopes;
  private SecretService secrets;
  private SecretAclService acls;

  @BeforeEach
  void open() throws Exception {
    KilnConfig d = KilnConfig.defaults(home);
    String url = "jdbc:h2:mem:secrets-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    database = Database.open(d.withDbUrl(url));
    jdbi = database.jdbi();
    Clock clock = Clock.fixed(Instant.ofEpochMilli(1_700_000_000_000L), ZoneOffset.UTC);
    cipher = new SecretCipher(randomKey());
    scopes = new ScopeService(jdbi, clock);
    secrets = new SecretService(jdbi, clock, cipher);
    acls = new SecretAclService(jdbi, name -> List.of("ann", "bob").contains(name));
  }

  @AfterEach
  void close() {
    database.close();
  }

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private void createScope(Principal who, String name) {
    scopes.create(who, new CreateScopeRequest(name, null, null, null));
  }

  private List<String> rawColumn(String column) {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT " + column + " FROM secrets").mapTo(String.class).list());
  }

  @Test
  void theStoredColumnNeverHoldsThePlaintextInAnyForm() {
    createScope(ADMIN, "s");
    secrets.put(ADMIN, new PutSecretRequest("s", "k", PLAIN, null));
    byte[] bytes = PLAIN.getBytes(StandardCharsets.UTF_8);
    secrets.put(
        ADMIN, new PutSecretRequest("s", "b", null, Base64.getEncoder().encodeToString(bytes)));
    List<String> stored = rawColumn("ciphertext");
    assertThat(stored).hasSize(2);
    for (String value : stored) {
      assertThat(value)
          .doesNotContain(PLAIN)
          .doesNotContain(Base64.getEncoder().encodeToString(bytes))
          .doesNotContain(new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8));
      assertThat(new String(Base64.getDecoder().decode(value), StandardCharsets.ISO_8859_1))
          .doesNotContain(PLAIN);
    }
    assertThat(rawColumn("master_key_id")).containsOnly(cipher.keyId());
    assertThat(secrets.readValue(ADMIN, "s", "k")).isEqualTo(bytes);
    assertThat(secrets.readValue(ADMIN, "s", "b")).isEqualTo(bytes);
  }

  @Test
  void aCiphertextMovedToAnotherKeyFailsToDecrypt() {
    createScope(ADMIN, "s");
    secrets.put(ADMIN, new PutSecretRequest("s", "a", "value-a", null));
    secrets.put(ADMIN, new PutSecretRequest("s", "b", "value-b", null));
    jdbi.useHandle(
        h ->
            h.execute(
                "UPDATE secrets SET ciphertext ="
                    + " (SELECT ciphertext FROM secrets WHERE secret_key = 'a')"
                    + " WHERE secret_key = 'b'"));
    assertThat(secrets.readValue(ADMIN, "s", "a")).asString().isEqualTo("value-a");
    assertApiError(() -> secrets.readValue(ADMIN, "s", "b"), ErrorCode.INTERNAL_ERROR);
  }

  @Test
  void startingWithAnotherKeyIsRefused() {
    createScope(ADMIN, "s");
    secrets.checkKey();
    secrets.put(ADMIN, new PutSecretRequest("s", "k", "v", null));
    secrets.checkKey();
    SecretService withOtherKey =
        new SecretService(jdbi, Clock.systemUTC(), new SecretCipher(randomKey()));
    assertThatThrownBy(withOtherKey::checkKey)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(cipher.keyId())
        .hasMessageContaining("secrets.key");
  }

  @Test
  void overwritingKeepsOneRowAndUpdatesItsTimestamp() {
    createScope(ADMIN, "s");
    secrets.put(ADMIN, new PutSecretRequest("s", "k", "one", null));
    secrets.put(ADMIN, new PutSecretRequest("s", "k", "two", null));
    assertThat(secrets.list(ADMIN, "s"))
        .containsExactly(new SecretMetadata("k", 1_700_000_000_000L));
    assertThat(secrets.readValue(ADMIN, "s", "k")).asString().isEqualTo("two");
  }

  @Test
  void readValueNeedsRead() {
    createScope(ANN, "anns");
    secrets.put(ANN, new PutSecretRequest("anns", "k", "v", null));
    assertThat(secrets.readValue(ANN, "anns", "k")).asString().isEqualTo("v");
    assertApiError(() -> secrets.readValue(BOB, "anns", "k"), ErrorCode.PERMISSION_DENIED);
    acls.put(ANN, new PutAclRequest("anns", "bob", "READ"));
    assertThat(secrets.readValue(BOB, "anns", "k")).asString().isEqualTo("v");
    assertApiError(
        () -> secrets.put(BOB, new PutSecretRequest("anns", "k", "x", null)),
        ErrorCode.PERMISSION_DENIED);
    // The API's get stays admin-only even for holders of READ.
    assertApiError(() -> secrets.get(BOB, "anns", "k"), ErrorCode.PERMISSION_DENIED);
    assertApiError(() -> secrets.get(ANN, "anns", "k"), ErrorCode.PERMISSION_DENIED);
    assertThat(secrets.get(ADMIN, "anns", "k").value())
        .isEqualTo(Base64.getEncoder().encodeToString("v".getBytes(StandardCharsets.UTF_8)));
    assertApiError(() -> secrets.readValue(ANN, "anns", "nope"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertApiError(() -> secrets.readValue(ANN, "nope", "k"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void deletingAScopeDeletesItsSecretsAndAcls() {
    createScope(ADMIN, "s");
    secrets.put(ADMIN, new PutSecretRequest("s", "k", "v", null));
    acls.put(ADMIN, new PutAclRequest("s", "users", "READ"));
    scopes.delete(ADMIN, "s");
    assertThat(rawColumn("secret_key")).isEmpty();
    long aclRows =
        jdbi.withHandle(
            h -> h.createQuery("SELECT COUNT(*) FROM secret_acls").mapTo(Long.class).one());
    assertThat(aclRows).isZero();
  }

  @Test
  void theCreatorManagesAndUsersManageOnlyWhenAskedFor() {
    createScope(ANN, "a");
    scopes.create(ANN, new CreateScopeRequest("b", "users", "DATABRICKS", null));
    assertThat(acls.list(ANN, "a")).containsExactly(new AclItem("ann", AclPermission.MANAGE));
    assertThat(acls.list(ANN, "b"))
        .containsExactly(
            new AclItem("ann", AclPermission.MANAGE), new AclItem("users", AclPermission.MANAGE));
    assertThat(scopes.list(BOB)).extracting(s -> s.name()).containsExactly("b");
    assertThat(scopes.list(ADMIN)).extracting(s -> s.name()).containsExactly("a", "b");
  }

  @Test
  void aWorkspaceHoldsAtMost100Scopes() {
    for (int i = 0; i < ScopeService.MAX_SCOPES; i++) {
      createScope(ADMIN, "scope-" + i);
    }
    assertApiError(() -> createScope(ADMIN, "one-too-many"), ErrorCode.RESOURCE_LIMIT_EXCEEDED);
    scopes.delete(ADMIN, "scope-0");
    createScope(ADMIN, "one-too-many");
  }

  @Test
  void valuesAreExactlyOneOfStringOrBase64Bytes() {
    assertThat(SecretService.valueOf("é", null)).isEqualTo("é".getBytes(StandardCharsets.UTF_8));
    assertThat(SecretService.valueOf(null, "AAEC")).containsExactly(0, 1, 2);
    assertThat(SecretService.valueOf("", null)).isEmpty();
    assertApiError(() -> SecretService.valueOf(null, null), ErrorCode.INVALID_PARAMETER_VALUE);
    assertApiError(() -> SecretService.valueOf("a", "AAEC"), ErrorCode.INVALID_PARAMETER_VALUE);
    assertApiError(() -> SecretService.valueOf(null, "@@@"), ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(SecretService.valueOf("x".repeat(128 * 1024), null)).hasSize(128 * 1024);
    assertApiError(
        () -> SecretService.valueOf("x".repeat(128 * 1024 + 1), null),
        ErrorCode.INVALID_PARAMETER_VALUE);
    // 128 KB counts bytes, not characters: 65537 two-byte characters are too many.
    assertApiError(
        () -> SecretService.valueOf("é".repeat(64 * 1024 + 1), null),
        ErrorCode.INVALID_PARAMETER_VALUE);
  }

  private static void assertApiError(ThrowingCallable call, ErrorCode code) {
    assertThatThrownBy(call)
        .isInstanceOf(ApiException.class)
        .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(code));
  }
}
