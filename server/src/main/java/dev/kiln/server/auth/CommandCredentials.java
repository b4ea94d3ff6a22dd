package dev.kiln.server.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Command credentials: what the control plane hands a driver with each command, naming the user the
 * command runs for, so that node routes acting for a user (secrets, {@code dbutils.notebook.run})
 * never take a user name from the node. The form is {@code kcc1.<payload>.<mac>}: base64url of a
 * JSON payload and of its HMAC-SHA256 under a key only the control plane holds (derived from its
 * secrets key, never sent to a node). The payload binds the user to one cluster, its generation and
 * its driver instance (a restart or another cluster's node cannot use it), to the command's
 * context, and to an expiry. Destroying a context revokes its credentials (in memory: a restart of
 * the control plane forgets revocations, the expiry still holds).
 */
public final class CommandCredentials {
  /** The header a node sends a command's credential in. */
  public static final String HEADER = "X-Kiln-Command-Credential";

  /** How long an interactive command's credential lives when nothing shorter bounds it. */
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(2);

  static final String PREFIX = "kcc1";
  private static final int MAX_LENGTH = 4096;
  private static final String KDF_INFO = "kiln command credentials v1";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] key;
  private final Clock clock;

  /** "cluster/context" of destroyed contexts, to when their credentials would expire anyway. */
  private final Map<String, Long> revoked = new ConcurrentHashMap<>();

  /** The longest lifetime minted so far: how long a revocation must be remembered. */
  private final AtomicLong longest = new AtomicLong(DEFAULT_LIFETIME.toMillis());

  /**
   * @param rootKey the control plane's secrets key; the MAC key is derived from it (HKDF-SHA256),
   *     so no second key file is kept and the secrets key itself never signs anything
   */
  public CommandCredentials(byte[] rootKey, Clock clock) {
    this.key = derive(rootKey);
    this.clock = clock;
  }

  /** The driver a credential is issued to: its cluster, the cluster's generation, its instance. */
  public record Driver(String clusterId, int generation, String instanceId) {}

  /** What a valid credential says. */
  public record Claims(
      String user,
      String clusterId,
      int generation,
      String instanceId,
      String contextId,
      String id,
      Instant expires) {}

  /** A credential for {@code user}'s command in {@code contextId} on {@code driver}. */
  public String mint(String user, Driver driver, String contextId, Duration lifetime) {
    if (user == null || user.isBlank() || contextId == null || contextId.isBlank()) {
      throw new IllegalArgumentException("a command credential needs a user and a context");
    }
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("lifetime must be positive, got " + lifetime);
    }
    longest.accumulateAndGet(lifetime.toMillis(), Math::max);
    byte[] nonce = new byte[12];
    RANDOM.nextBytes(nonce);
    long now = clock.millis();
    ObjectNode payload = JSON.createObjectNode();
    payload.put("user", user);
    payload.put("cluster", driver.clusterId());
    payload.put("generation", driver.generation());
    payload.put("instance", driver.instanceId());
    payload.put("context", contextId);
    payload.put("id", HexFormat.of().formatHex(nonce));
    payload.put("issued", now);
    payload.put("expires", now + lifetime.toMillis());
    String signed = PREFIX + "." + B64.encodeToString(bytes(payload));
    return signed + "." + B64.encodeToString(mac(signed));
  }

  /**
   * The claims of {@code credential} sent by {@code caller}, after checking its MAC, that it was
   * issued to that very driver, that it has not expired and that its context was not destroyed.
   * Refusals are UNAUTHENTICATED (missing, malformed, forged, expired, revoked) or
   * PERMISSION_DENIED (a valid credential of another driver).
   */
  public Claims verify(String credential, Driver caller) {
    if (credential == null || credential.isBlank()) {
      throw unauthenticated(
          "A command credential is required ("
              + HEADER
              + "): node routes act for a user only inside a command the control plane sent");
    }
    String[] parts = credential.length() > MAX_LENGTH ? new String[0] : credential.split("\\.", -1);
    if (parts.length != 3 || !parts[0].equals(PREFIX)) {
      throw unauthenticated("Malformed command credential");
    }
    byte[] expected = mac(parts[0] + "." + parts[1]);
    byte[] given;
    try {
      given = Base64.getUrlDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw unauthenticated("Malformed command credential");
    }
    if (!MessageDigest.isEqual(expected, given)) {
      throw unauthenticated("Invalid command credential: it was not issued by this control plane");
    }
    Claims claims = parse(parts[1]);
    if (!claims.clusterId().equals(caller.clusterId())
        || claims.generation() != caller.generation()
        || !claims.instanceId().equals(caller.instanceId())) {
      throw new ApiException(
          ErrorCode.PERMISSION_DENIED,
          "This command credential was issued for another cluster or driver (cluster "
              + claims.clusterId()
              + ", generation "
              + claims.generation()
              + ")");
    }
    if (!clock.instant().isBefore(claims.expires())) {
      throw unauthenticated("The command credential expired at " + claims.expires());
    }
    if (revoked.containsKey(claims.clusterId() + "/" + claims.contextId())) {
      throw unauthenticated(
          "The command credential's context " + claims.contextId() + " was destroyed");
    }
    return claims;
  }

  /** Refuses every credential of a destroyed context from now on (until they expire anyway). */
  public void revokeContext(String clusterId, String contextId) {
    long now = clock.millis();
    revoked.values().removeIf(until -> until <= now);
    revoked.put(clusterId + "/" + contextId, now + longest.get());
  }

  private static Claims parse(String payload) {
    try {
      JsonNode p = JSON.readTree(Base64.getUrlDecoder().decode(payload));
      String user = text(p, "user");
      String cluster = text(p, "cluster");
      String instance = text(p, "instance");
      String context = text(p, "context");
      String id = text(p, "id");
      if (!p.path("generation").isInt() || !p.path("expires").isIntegralNumber()) {
        throw new IllegalArgumentException("generation and expires must be numbers");
      }
      return new Claims(
          user,
          cluster,
          p.get("generation").asInt(),
          instance,
          context,
          id,
          Instant.ofEpochMilli(p.get("expires").asLong()));
    } catch (java.io.IOException | IllegalArgumentException e) {
      // Only reachable with our own MAC over it: a bug, not an attack; refuse all the same.
      throw unauthenticated("Malformed command credential payload");
    }
  }

  private static String text(JsonNode p, String field) {
    JsonNode v = p.get(field);
    if (v == null || !v.isTextual() || v.asText().isEmpty()) {
      throw new IllegalArgumentException("missing " + field);
    }
    return v.asText();
  }

  private byte[] mac(String signed) {
    return hmac(key, signed.getBytes(StandardCharsets.US_ASCII));
  }

  /** HKDF-SHA256 (RFC 5869) of one block, with no salt, for {@link #KDF_INFO}. */
  static byte[] derive(byte[] rootKey) {
    if (rootKey == null || rootKey.length < 32) {
      throw new IllegalArgumentException("the root key must hold at least 32 bytes");
    }
    byte[] prk = hmac(new byte[32], rootKey);
    byte[] info = KDF_INFO.getBytes(StandardCharsets.US_ASCII);
    byte[] block = new byte[info.length + 1];
    System.arraycopy(info, 0, block, 0, info.length);
    block[info.length] = 1;
    return hmac(prk, block);
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  private static byte[] bytes(ObjectNode payload) {
    try {
      return JSON.writeValueAsBytes(payload);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ApiException unauthenticated(String message) {
    return new ApiException(ErrorCode.UNAUTHENTICATED, message);
  }
}
