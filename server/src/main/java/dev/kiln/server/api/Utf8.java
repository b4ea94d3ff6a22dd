package dev.kiln.server.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict UTF-8, as requests must be: no overlong forms (which would turn {@code C0 AF} into a
 * {@code /} past every path check), no encoded surrogates, nothing above U+10FFFF, no truncated
 * sequences. Lenient decoders (Jackson's, {@code URLDecoder}'s) accept or replace such bytes, so
 * what they see is checked here first; a failure is INVALID_PARAMETER_VALUE naming what was sent.
 */
public final class Utf8 {
  private Utf8() {}

  /**
   * The index of the first byte of {@code bytes[0, length)} that starts a malformed sequence, or -1
   * when all of it is well-formed UTF-8 (Unicode's table 3-7).
   */
  public static int firstMalformed(byte[] bytes, int length) {
    int i = 0;
    while (i < length) {
      int b = bytes[i];
      if (b >= 0) {
        i++;
        continue;
      }
      b &= 0xff;
      int need;
      int lo = 0x80;
      int hi = 0xbf;
      if (b >= 0xc2 && b <= 0xdf) {
        need = 1;
      } else if (b >= 0xe0 && b <= 0xef) {
        need = 2;
        if (b == 0xe0) {
          lo = 0xa0; // below: overlong
        } else if (b == 0xed) {
          hi = 0x9f; // above: a surrogate
        }
      } else if (b >= 0xf0 && b <= 0xf4) {
        need = 3;
        if (b == 0xf0) {
          lo = 0x90; // below: overlong
        } else if (b == 0xf4) {
          hi = 0x8f; // above: beyond U+10FFFF
        }
      } else {
        return i; // a continuation byte first, an overlong lead (C0, C1) or F5..FF
      }
      if (i + need >= length) {
        return i;
      }
      int second = bytes[i + 1] & 0xff;
      if (second < lo || second > hi) {
        return i;
      }
      for (int k = 2; k <= need; k++) {
        int next = bytes[i + k] & 0xff;
        if (next < 0x80 || next > 0xbf) {
          return i;
        }
      }
      i += need + 1;
    }
    return -1;
  }

  /** The index of the first surrogate that is not half of a pair, or -1 if there is none. */
  public static int firstUnpairedSurrogate(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /** {@code s} with every unpaired surrogate written as {@code \\uXXXX}, so that it can be sent. */
  public static String withoutUnpairedSurrogates(String s) {
    if (firstUnpairedSurrogate(s) < 0) {
      return s;
    }
    StringBuilder out = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append(String.format(java.util.Locale.ROOT, "\\u%04X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Percent-decodes a raw query string part or path ({@code +} stays as it is: callers decode it
   * where it means a space) and decodes the bytes strictly; INVALID_PARAMETER_VALUE naming {@code
   * what} when they are not UTF-8. Malformed escapes ({@code %zz}) are left to the usual decoders.
   */
  public static void checkPercentEncoded(String raw, String what) {
    if (raw == null || raw.isEmpty()) {
      return;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      int hi = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 1), 16) : -1;
      int lo = i + 2 < raw.length() ? Character.digit(raw.charAt(i + 2), 16) : -1;
      if (c == '%' && hi >= 0 && lo >= 0) {
        bytes.write(hi * 16 + lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        // Raw non-ASCII (the server took the request line's bytes as Latin-1 or UTF-8 already):
        // as UTF-8, so that only a malformed escape can fail.
        bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] decoded = bytes.toByteArray();
    if (firstMalformed(decoded, decoded.length) >= 0) {
      throw ApiException.invalid("The " + what + " is not valid UTF-8");
    }
  }

  /** Decodes {@code bytes} strictly; INVALID_PARAMETER_VALUE naming {@code what} if malformed. */
  public static String decode(byte[] bytes, String what) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw ApiException.invalid("The " + what + " is not valid UTF-8");
    }
  }
}
