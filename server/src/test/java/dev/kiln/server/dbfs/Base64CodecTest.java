package dev.kiln.server.dbfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base64CodecTest {
  final Random random = new Random(11);

  byte[] random(int size) {
    byte[] bytes = new byte[size];
    random.nextBytes(bytes);
    return bytes;
  }

  /** What Base64Codec.decode gives for a text, or null where java.util.Base64 refuses it. */
  static byte[] decode(String text, int room) {
    byte[] src = ("xx" + text + "yy").getBytes(StandardCharsets.ISO_8859_1);
    byte[] dst = new byte[room];
    int n = Base64Codec.decode(src, 2, src.length - 2, dst);
    return n < 0 ? null : Arrays.copyOf(dst, n);
  }

  static byte[] jdk(String text) {
    try {
      return Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Test
  void encodesAsJavaUtilBase64AtAnyLengthAndOffset() {
    for (int size = 0; size < 70; size++) {
      byte[] bytes = random(size + 3);
      String expected = Base64.getEncoder().encodeToString(Arrays.copyOfRange(bytes, 3, size + 3));
      byte[] dst = new byte[Base64Codec.encodedLength(size) + 5];
      int end = Base64Codec.encode(bytes, 3, size + 3, dst, 5);
      assertThat(end).isEqualTo(dst.length);
      assertThat(new String(dst, 5, end - 5, StandardCharsets.ISO_8859_1)).isEqualTo(expected);
    }
    byte[] block = random(1 << 20);
    byte[] dst = new byte[Base64Codec.encodedLength(block.length)];
    assertThat(Base64Codec.encode(block, 0, block.length, dst, 0)).isEqualTo(dst.length);
    assertThat(dst).isEqualTo(Base64.getEncoder().encode(block));
  }

  @Test
  void decodesAsJavaUtilBase64() {
    for (int size = 0; size < 70; size++) {
      byte[] bytes = random(size);
      String padded = Base64.getEncoder().encodeToString(bytes);
      assertThat(decode(padded, size + 16)).isEqualTo(bytes);
      String unpadded = Base64.getEncoder().withoutPadding().encodeToString(bytes);
      assertThat(decode(unpadded, size + 16)).isEqualTo(bytes);
    }
    byte[] block = random(1 << 20);
    assertThat(decode(Base64.getEncoder().encodeToString(block), block.length + 16))
        .isEqualTo(block);
  }

  @Test
  void refusesWhatJavaUtilBase64Refuses() {
    String text = Base64.getEncoder().encodeToString(random(40));
    String[] bad = {"*", "=", "\\", "\"", " ", "\n", "-", "_", "\u00c0"};
    for (int at = 0; at < text.length(); at++) {
      for (String b : bad) {
        String broken = text.substring(0, at) + b + text.substring(at + 1);
        assertThat(decode(broken, 64)).as(broken).isEqualTo(jdk(broken));
      }
      String cut = text.substring(0, at);
      assertThat(decode(cut, 64)).as(cut).isEqualTo(jdk(cut));
    }
    for (String odd : new String[] {"QQ==QQ==", "QQ=", "Q", "QUJD=", "QUI=QUJD", "====", "QQ==="}) {
      assertThat(decode(odd, 64)).as(odd).isEqualTo(jdk(odd));
    }
  }

  @Test
  void refusesTextThatDoesNotFit() {
    byte[] bytes = random(100);
    String text = Base64.getEncoder().encodeToString(bytes);
    assertThat(decode(text, 100)).isEqualTo(bytes);
    assertThat(decode(text, 99)).isNull();
    assertThat(decode(text, 40)).isNull();
  }
}
