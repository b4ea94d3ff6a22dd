package dev.kiln.server.api;

import static dev.kiln.server.testing.ApiErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "c0af", // overlong '/': lenient decoders make it a path separator
        "e080af", // overlong '/', three bytes
        "f08080af", // overlong '/', four bytes
        "c1bf", // overlong
        "eda080", // U+D800 encoded: a surrogate
        "edbfbf", // U+DFFF
        "f4908080", // beyond U+10FFFF
        "f5808080",
        "ff",
        "80", // a continuation byte first
        "c3", // truncated
        "e282", // truncated
        "61c328" // a lead byte and then no continuation
      })
  void refusesMalformedSequences(String hex) {
    byte[] bytes = HexFormat.of().parseHex(hex);
    assertThat(Utf8.firstMalformed(bytes, bytes.length)).isGreaterThanOrEqualTo(0);
    assertFailsWith(() -> Utf8.decode(bytes, "body"), ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void acceptsWellFormedText() {
    byte[] text = "/a/ü/€/\uD83D\uDE00/\u007f/\u0000".getBytes(StandardCharsets.UTF_8);
    assertThat(Utf8.firstMalformed(text, text.length)).isEqualTo(-1);
    byte[] edges = HexFormat.of().parseHex("c280dfbfe0a080ed9fbfee8080efbfbff0908080f48fbfbf");
    assertThat(Utf8.firstMalformed(edges, edges.length)).isEqualTo(-1);
  }

  @Test
  void agreesWithTheJdksStrictDecoderOnRandomBytes() {
    Random random = new Random(14);
    byte[] bytes = new byte[12];
    for (int round = 0; round < 200_000; round++) {
      for (int i = 0; i < bytes.length; i++) {
        // Mostly bytes at the edges of the ranges that matter.
        int pick = random.nextInt(8);
        bytes[i] =
            (byte)
                switch (pick) {
                  case 0 -> 0x41;
                  case 1 -> 0x80 + random.nextInt(0x40);
                  case 2 -> 0xc0 + random.nextInt(0x20);
                  case 3 -> 0xe0 + random.nextInt(0x10);
                  case 4 -> 0xf0 + random.nextInt(0x10);
                  default -> random.nextInt(256);
                };
      }
      int length = random.nextInt(bytes.length + 1);
      assertThat(Utf8.firstMalformed(bytes, length) < 0)
          .as("%s", HexFormat.of().formatHex(bytes, 0, length))
          .isEqualTo(jdkAccepts(bytes, length));
    }
  }

  private static boolean jdkAccepts(byte[] bytes, int length) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, 0, length));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Test
  void percentEncodedBytesMustBeUtf8Too() {
    Utf8.checkPercentEncoded("/api/2.0/workspace/list", "path");
    Utf8.checkPercentEncoded("path=/a%20b/%C3%BC&x=%zz&y=%", "query string");
    Utf8.checkPercentEncoded(null, "query string");
    for (String bad : new String[] {"path=/over%C0%AFx", "p=%ED%A0%80", "p=%FF", "p=%C3"}) {
      assertFailsWith(
          () -> Utf8.checkPercentEncoded(bad, "query string"), ErrorCode.INVALID_PARAMETER_VALUE);
    }
  }

  @Test
  void unpairedSurrogatesAreFoundAndCanBeShown() {
    assertThat(Utf8.firstUnpairedSurrogate("a\uD83D\uDE00b")).isEqualTo(-1);
    assertThat(Utf8.firstUnpairedSurrogate("ab\uD800")).isEqualTo(2);
    assertThat(Utf8.firstUnpairedSurrogate("\uDE00\uD83D")).isEqualTo(0);
    assertThat(Utf8.withoutUnpairedSurrogates("/x\uD800y\uD83D\uDE00"))
        .isEqualTo("/x\\uD800y\uD83D\uDE00");
  }
}
