package dev.kiln.server.secrets;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals secret values with AES-256-GCM: a fresh random 96-bit nonce per value, and the scope and
 * key bound as associated data, so a sealed value copied to another scope or key no longer opens. A
 * sealed value is base64 of {@code nonce || ciphertext || tag}.
 */
public final class SecretCipher {
  static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  /** Thrown when a sealed value does not open: altered, moved, or sealed with another key. */
  public static final class OpenFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    OpenFailedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private final SecretKeySpec key;
  private final String keyId;
  private final SecureRandom random = new SecureRandom();

  public SecretCipher(byte[] keyBytes) {
    if (keyBytes.length != KEY_BYTES) {
      throw new IllegalArgumentException(
          "a secrets key must be " + KEY_BYTES + " bytes (AES-256), got " + keyBytes.length);
    }
    this.key = new SecretKeySpec(keyBytes.clone(), "AES");
    this.keyId = fingerprint(keyBytes);
  }

  /** Names this key without revealing it; stored next to every value it seals. */
  public String keyId() {
    return keyId;
  }

  public String seal(byte[] plaintext, String scope, String secretKey) {
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(scope, secretKey));
      byte[] sealed = cipher.doFinal(plaintext);
      return Base64.getEncoder()
          .encodeToString(
              ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is part of every JRE", e);
    }
  }

  public byte[] open(String sealedBase64, String scope, String secretKey) {
    try {
      byte[] sealed = Base64.getDecoder().decode(sealedBase64);
      if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
        throw new OpenFailedException("sealed value is too short", null);
      }
      Cipher cipher = Cipher.getInstance(TRANSFORMATION);
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
      cipher.updateAAD(associatedData(scope, secretKey));
      return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new OpenFailedException(
          "the value of secret '" + secretKey + "' in scope '" + scope + "' does not decrypt", e);
    }
  }

  /** Scope and key names never contain NUL, so joining them with NUL is unambiguous. */
  private static byte[] associatedData(String scope, String secretKey) {
    return ("kiln-secret-v1\0" + scope + "\0" + secretKey).getBytes(StandardCharsets.UTF_8);
  }

  private static String fingerprint(byte[] keyBytes) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update("kiln-secrets-key-id\0".getBytes(StandardCharsets.UTF_8));
      byte[] hash = digest.digest(keyBytes);
      return HexFormat.of().formatHex(Arrays.copyOf(hash, 8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
