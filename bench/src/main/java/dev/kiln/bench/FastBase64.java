package dev.kiln.bench;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * The client's base64, as fast as a native client's rather than java.util.Base64's (no decode
 * intrinsic on Java 17, a slow encoder here): two characters per table lookup, into the caller's
 * arrays. The last few bytes go through java.util.Base64. The bench keeps its own, apart from the
 * server's, so a bug in one is caught by the other's check of the round trip.
 */
final class FastBase64 {
  private static final byte[] ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
          .getBytes(StandardCharsets.US_ASCII);
  private static final VarHandle LITTLE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle BIG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

  /** 12 bits to two characters, the first in the low byte. */
  private static final short[] ENCODE = new short[1 << 12];

  /** Two characters, the first in the low byte, to 12 bits; -1 if either is not base64. */
  private static final short[] DECODE = new short[1 << 16];

  static {
    Arrays.fill(DECODE, (short) -1);
    for (int i = 0; i < 64; i++) {
      for (int j = 0; j < 64; j++) {
        ENCODE[i << 6 | j] = (short) (ALPHABET[i] | ALPHABET[j] << 8);
        DECODE[ALPHABET[i] | ALPHABET[j] << 8] = (short) (i << 6 | j);
      }
    }
  }

  private FastBase64() {}

  /** Encodes {@code src[0, length)} into {@code dst} from 0, padded; the text's length. */
  static int encode(byte[] src, int length, byte[] dst) {
    int sp = 0;
    int dp = 0;
    for (; sp + Long.BYTES <= length; sp += 6, dp += 8) { // reads 8 bytes, uses 6
      long bits = (long) BIG.get(src, sp);
      LITTLE.set(
          dst,
          dp,
          (ENCODE[(int) (bits >>> 52)] & 0xffffL)
              | (ENCODE[(int) (bits >>> 40) & 0xfff] & 0xffffL) << 16
              | (ENCODE[(int) (bits >>> 28) & 0xfff] & 0xffffL) << 32
              | (ENCODE[(int) (bits >>> 16) & 0xfff] & 0xffffL) << 48);
    }
    byte[] rest = Base64.getEncoder().encode(Arrays.copyOfRange(src, sp, length));
    System.arraycopy(rest, 0, dst, dp, rest.length);
    return dp + rest.length;
  }

  /**
   * Decodes {@code src[from, to)} into {@code dst} from 0, which needs 8 bytes more than the
   * result; the decoded length. Throws IllegalArgumentException for anything but base64.
   */
  static int decode(byte[] src, int from, int to, byte[] dst) {
    int sp = from;
    int dp = 0;
    for (; sp + Long.BYTES <= to; sp += 8, dp += 6) { // writes 8 bytes, 6 of them decoded
      long chars = (long) LITTLE.get(src, sp);
      long a = DECODE[(int) chars & 0xffff];
      long b = DECODE[(int) (chars >>> 16) & 0xffff];
      long c = DECODE[(int) (chars >>> 32) & 0xffff];
      long d = DECODE[(int) (chars >>> 48)];
      if ((a | b | c | d) < 0) {
        break; // padding, or not base64: java.util.Base64 decides
      }
      BIG.set(dst, dp, a << 52 | b << 40 | c << 28 | d << 16);
    }
    // From a 4-character boundary, the rest decodes alone as it would in the whole.
    byte[] rest = Base64.getDecoder().decode(Arrays.copyOfRange(src, sp, to));
    System.arraycopy(rest, 0, dst, dp, rest.length);
    return dp + rest.length;
  }
}
