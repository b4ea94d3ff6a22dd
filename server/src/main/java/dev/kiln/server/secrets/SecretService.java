package dev.kiln.server.secrets;

import dev.kiln.model.secrets.AclPermission;
import dev.kiln.model.secrets.GetSecretResponse;
import dev.kiln.model.secrets.PutSecretRequest;
import dev.kiln.model.secrets.SecretMetadata;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Principal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Secrets in scopes: values are sealed by {@link SecretCipher} before they reach the store. */
public final class SecretService {
  private static final Logger LOG = LoggerFactory.getLogger(SecretService.class);
  static final int MAX_SECRETS_PER_SCOPE = 1000;
  static final int MAX_VALUE_BYTES = 128 * 1024;

  private final Jdbi jdbi;
  private final Clock clock;
  private final SecretCipher cipher;

  public SecretService(Jdbi jdbi, Clock clock, SecretCipher cipher) {
    this.jdbi = jdbi;
    this.clock = clock;
    this.cipher = cipher;
  }

  /**
   * Fails when the store holds values sealed with a key other than the configured one: better to
   * refuse to start than to serve secrets that no longer decrypt.
   */
  public void checkKey() {
    List<String> ids = jdbi.withExtension(SecretDao.class, SecretDao::masterKeyIds);
    List<String> unknown = ids.stream().filter(id -> !id.equals(cipher.keyId())).toList();
    if (!unknown.isEmpty()) {
      throw new IllegalStateException(
          "The store holds secrets encrypted with key id(s) "
              + unknown
              + ", but the configured secrets key has id "
              + cipher.keyId()
              + ". Start Kiln with the key it used before: the secrets.key setting"
              + " (KILN_SECRETS_KEY) or the file <home>/secrets.key.");
    }
  }

  /** Adds or overwrites a secret; needs WRITE. */
  public void put(Principal caller, PutSecretRequest req) {
    String scope = SecretNames.scope(req.scope());
    String key = SecretNames.key(req.key());
    byte[] value = valueOf(req.stringValue(), req.bytesValue());
    StoredSecret sealed =
        new StoredSecret(
            scope, key, cipher.keyId(), cipher.seal(value, scope, key), clock.millis());
    Arrays.fill(value, (byte) 0);
    jdbi.useTransaction(
        h -> {
          ScopeAccess.require(h, caller, scope, AclPermission.WRITE, true);
          SecretDao secrets = h.attach(SecretDao.class);
          if (secrets.update(sealed) == 0) {
            if (secrets.count(scope) >= MAX_SECRETS_PER_SCOPE) {
              throw new ApiException(
                  ErrorCode.RESOURCE_LIMIT_EXCEEDED,
                  "A scope can hold at most " + MAX_SECRETS_PER_SCOPE + " secrets");
            }
            secrets.insert(sealed);
          }
        });
  }

  /** Exactly one of the two: a string is stored as its UTF-8 bytes, bytes come as base64. */
  static byte[] valueOf(String stringValue, String bytesValue) {
    if ((stringValue == null) == (bytesValue == null)) {
      throw ApiException.invalid("Exactly one of string_value and bytes_value must be specified");
    }
    byte[] value;
    if (stringValue != null) {
      value = stringValue.getBytes(StandardCharsets.UTF_8);
    } else {
      try {
        value = Base64.getDecoder().decode(bytesValue);
      } catch (IllegalArgumentException e) {
        // The message names no character of the input: it is the secret.
        throw ApiException.invalid("bytes_value must be valid base64");
      }
    }
    if (value.length > MAX_VALUE_BYTES) {
      throw ApiException.invalid(
          "A secret value must be at most 128 KB ("
              + MAX_VALUE_BYTES
              + " bytes), got "
              + value.length
              + " bytes");
    }
    return value;
  }

  /** Deletes a secret; needs WRITE. */
  public void delete(Principal caller, String scope, String key) {
    String s = SecretNames.scope(scope);
    String k = SecretNames.key(key);
    jdbi.useTransaction(
        h -> {
          ScopeAccess.require(h, caller, s, AclPermission.WRITE, true);
          if (h.attach(SecretDao.class).delete(s, k) == 0) {
            throw notFound(s, k);
          }
        });
  }

  /** The keys of a scope and when each was last put, never values; needs READ. */
  public List<SecretMetadata> list(Principal caller, String scope) {
    String s = SecretNames.scope(scope);
    return jdbi.inTransaction(
        h -> {
          ScopeAccess.require(h, caller, s, AclPermission.READ, false);
          return h.attach(SecretDao.class).list(s).stream()
              .map(x -> new SecretMetadata(x.secretKey(), x.lastUpdatedTimestamp()))
              .toList();
        });
  }

  /**
   * {@code secrets/get}: Databricks serves it only to code on a cluster (dbutils). Until Kiln's
   * runtime calls {@link #readValue}, only workspace admins may read values over the API.
   */
  public GetSecretResponse get(Principal caller, String scope, String key) {
    if (!caller.admin()) {
      throw ApiException.denied(
          "Secret values can only be read by workspace admins over the API; use"
              + " dbutils.secrets.get on a cluster");
    }
    String k = SecretNames.key(key);
    return new GetSecretResponse(
        k, Base64.getEncoder().encodeToString(readValue(caller, scope, k)));
  }

  /** The plaintext of a secret, for whoever holds READ on its scope (the runtime's path). */
  public byte[] readValue(Principal caller, String scope, String key) {
    String s = SecretNames.scope(scope);
    String k = SecretNames.key(key);
    StoredSecret stored =
        jdbi.inTransaction(
            h -> {
              ScopeAccess.require(h, caller, s, AclPermission.READ, false);
              return h.attach(SecretDao.class).get(s, k).orElseThrow(() -> notFound(s, k));
            });
    try {
      return cipher.open(stored.ciphertext(), s, k);
    } catch (SecretCipher.OpenFailedException e) {
      LOG.error("Secret {}/{} sealed with key {} does not decrypt", s, k, stored.masterKeyId(), e);
      throw new ApiException(
          ErrorCode.INTERNAL_ERROR,
          "Secret " + k + " in scope " + s + " could not be decrypted; it may have been altered");
    }
  }

  private static ApiException notFound(String scope, String key) {
    return ApiException.notFound("Secret does not exist with scope: " + scope + " and key: " + key);
  }
}
