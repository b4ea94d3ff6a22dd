package dev.kiln.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
  private static final byte[] PLAIN =
      "correct horse battery staple".getBytes(StandardCharsets.UTF_8);

  private static byte[] randomKey() {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    return key;
  }

  private final SecretCipher cipher = new SecretCipher(randomKey());

  @Test
  void roundTripsAndNeverRepeatsANonce() {
    String a = cipher.seal(PLAIN, "scope", "key");
    String b = cipher.seal(PLAIN, "scope", "key");
    assertThat(a).isNotEqualTo(b);
    assertThat(cipher.open(a, "scope", "key")).isEqualTo(PLAIN);
    assertThat(cipher.open(b, "scope", "key")).isEqualTo(PLAIN);
    byte[] raw = Base64.getDecoder().decode(a);
    assertThat(raw).hasSize(12 + PLAIN.length + 16);
    assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("horse");
  }

  @Test
  void roundTripsEmptyAndBinaryValues() {
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    assertThat(cipher.open(cipher.seal(binary, "s", "k"), "s", "k")).isEqualTo(binary);
    assertThat(cipher.open(cipher.seal(new byte[0], "s", "k"), "s", "k")).isEmpty();
  }

  @Test
  void detectsAnyFlippedBit() {
    byte[] sealed = Base64.getDecoder().decode(cipher.seal(PLAIN, "scope", "key"));
    // First byte of the nonce, of the ciphertext, and last byte of the tag.
    for (int index : new int[] {0, 12, sealed.length - 1}) {
      byte[] tampered = sealed.clone();
      tampered[index] ^= 1;
      String text = Base64.getEncoder().encodeToString(tampered);
      assertThatThrownBy(() -> cipher.open(text, "scope", "key"))
          .as("flipped byte %d", index)
          .isInstanceOf(SecretCipher.OpenFailedException.class);
    }
  }

  @Test
  void aValueMovedToAnotherScopeOrKeyDoesNotOpen() {
    String sealed = cipher.seal(PLAIN, "scope", "key");
    assertThatThrownBy(() -> cipher.open(sealed, "scope", "other"))
        .isInstanceOf(SecretCipher.OpenFailedException.class);
    assertThatThrownBy(() -> cipher.open(sealed, "other", "key"))
        .isInstanceOf(SecretCipher.OpenFailedException.class);
    // The separator keeps "a" + "b.c" apart from "a.b" + "c".
    String joined = cipher.seal(PLAIN, "a", "b.c");
    assertThatThrownBy(() -> cipher.open(joined, "a.b", "c"))
        .isInstanceOf(SecretCipher.OpenFailedException.class);
  }

  @Test
  void anotherKeyDoesNotOpenAndHasAnotherId() {
    SecretCipher other = new SecretCipher(randomKey());
    String sealed = cipher.seal(PLAIN, "scope", "key");
    assertThatThrownBy(() -> other.open(sealed, "scope", "key"))
        .isInstanceOf(SecretCipher.OpenFailedException.class);
    assertThat(other.keyId()).isNotEqualTo(cipher.keyId()).hasSize(16);
  }

  @Test
  void theKeyIdIsStableForTheSameKey() {
    byte[] key = randomKey();
    assertThat(new SecretCipher(key).keyId()).isEqualTo(new SecretCipher(key.clone()).keyId());
  }

  @Test
  void garbageDoesNotOpen() {
    assertThatThrownBy(() -> cipher.open("not base64!", "s", "k"))
        .isInstanceOf(SecretCipher.OpenFailedException.class);
    assertThatThrownBy(() -> cipher.open("AAAA", "s", "k"))
        .isInstanceOf(SecretCipher.OpenFailedException.class);
  }

  @Test
  void refusesKeysThatAreNotAes256() {
    assertThatThrownBy(() -> new SecretCipher(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("32 bytes");
  }
}
