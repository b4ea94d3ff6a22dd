package dev.kiln.server.dbfs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kiln.server.api.Requests;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Reads a JSON body with one large base64 field ({@code data} of add-block, {@code contents} of
 * put) without making that field a Java string: its bytes are found in the body and decoded in
 * place by {@link Base64Codec}, and the small rest is bound as usual. The body and the decoded
 * bytes live in reused arrays. Anything unusual (escapes in the value, a repeated field, no
 * Content-Length, an oversize body) takes the ordinary path, which gives the same result or the
 * same error, only slower.
 */
final class Base64Body {
  /**
   * The bound request, and the field decoded; null when it is still to be taken from the request.
   */
  record Parsed<T>(T request, ByteBuffer decoded) {}

  /** What to do with a parsed body; {@code decoded} is only valid during the call. */
  @FunctionalInterface
  interface Use<T> {
    void accept(T request, ByteBuffer decoded) throws IOException;
  }

  private record Span(int start, int end) {}

  private static final JsonFactory JSON = new JsonFactory();

  /** Where the field must start for its text to be decoded while the body arrives. */
  private static final int FIELD_WITHIN = 4 << 10;

  /** Larger bodies cannot hold a valid block; they take the ordinary path and fail there. */
  private static final int MAX_FAST_BODY = 4 << 20;

  /** Longest base64 text of a block of at most {@link DbfsUploads#MAX_BLOCK_BYTES}. */
  private static final int MAX_BASE64 = 4 * ((DbfsUploads.MAX_BLOCK_BYTES + 2) / 3);

  /** Bodies of a whole block and its JSON; larger ones get an array of their own. */
  private static final BlockBuffers BODIES = new BlockBuffers(MAX_BASE64 + (64 << 10));

  /** Decoded blocks, with room for the decoder's 8-byte steps. */
  private static final BlockBuffers BLOCKS =
      new BlockBuffers(DbfsUploads.MAX_BLOCK_BYTES + 2 * Long.BYTES);

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Base64Body() {}

  /**
   * Binds the body to {@code type} and hands it to {@code use}; {@code field} names the base64
   * field and {@code value} reads it back from a bound request. Bodies over {@code maxBodyBytes}
   * are refused as on every route.
   */
  static <T> void read(
      Context ctx,
      Requests requests,
      long maxBodyBytes,
      Class<T> type,
      String field,
      Function<T, String> value,
      Use<T> use)
      throws IOException {
    long length = ctx.req().getContentLengthLong();
    if (length < 0 || length > Math.min(MAX_FAST_BODY, maxBodyBytes)) {
      use.accept(requests.body(ctx, type), null);
      return;
    }
    byte[] body = length <= BODIES.size() ? BODIES.take() : new byte[(int) length];
    byte[] block = BLOCKS.take();
    try {
      Streamed streamed =
          readDecoding(ctx.req().getInputStream(), body, (int) length, block, field);
      Parsed<T> parsed =
          parse(
              body,
              streamed.read(),
              block,
              streamed.start(),
              streamed.decodedTo(),
              requests,
              type,
              field,
              value);
      use.accept(parsed.request(), parsed.decoded());
    } finally {
      BODIES.give(body);
      BLOCKS.give(block);
    }
  }

  /** How much of the body arrived, and where its field's text starts and was decoded to (or -1). */
  record Streamed(int read, int start, int decodedTo) {}

  /**
   * Reads the body, decoding the field's text into {@code block} as it arrives: the decoding then
   * overlaps the client's sending, and works on bytes still in the CPU's cache. A short read means
   * the client went away; the parse then fails as malformed.
   */
  static Streamed readDecoding(InputStream in, byte[] body, int length, byte[] block, String field)
      throws IOException {
    int read = 0;
    int start = -1;
    int decodedTo = -1;
    boolean decoding = true;
    for (int n; read < length && (n = in.read(body, read, length - read)) >= 0; ) {
      read += n;
      if (decoding && start < 0 && read >= Math.min(length, FIELD_WITHIN)) {
        start = valueStart(body, read, field);
        decoding = start >= 0; // else it is found, or not, after the whole body
        decodedTo = start;
      }
      if (decoding && start >= 0) {
        int stop =
            Base64Codec.decodeSteps(
                body, decodedTo, read, block, Base64Codec.decodedBy(start, decodedTo));
        decoding = read - stop < Long.BYTES; // a whole step was left: the text ends there
        decodedTo = stop;
      }
    }
    return new Streamed(read, start, decodedTo);
  }

  /** {@link #read} on a body already in memory. */
  static <T> Parsed<T> parse(
      byte[] body, Requests requests, Class<T> type, String field, Function<T, String> value) {
    return parse(body, body.length, new byte[BLOCKS.size()], -1, -1, requests, type, field, value);
  }

  /**
   * {@link #read} on {@code body[0, length)}; the field is decoded into {@code block}, which has
   * room for a block and 16 bytes, and holds already the text from {@code decodedFrom} to {@code
   * decodedTo} decoded (-1: none).
   */
  static <T> Parsed<T> parse(
      byte[] body,
      int length,
      byte[] block,
      int decodedFrom,
      int decodedTo,
      Requests requests,
      Class<T> type,
      String field,
      Function<T, String> value) {
    int start = valueStart(body, length, field);
    if (start >= 0) {
      // Plain base64 decodes in whole steps up to its last few characters and the closing quote.
      int from = start == decodedFrom ? decodedTo : start;
      int stop =
          Base64Codec.decodeSteps(body, from, length, block, Base64Codec.decodedBy(start, from));
      int end = indexOfQuote(body, stop, Math.min(length, stop + Base64Codec.MAX_REST + 1));
      if (end >= 0 && end - start <= MAX_BASE64 && !hasBackslash(body, stop, end)) {
        T request = requests.body(withoutValue(body, length, new Span(start, end)), type);
        if ("".equals(value.apply(request))) { // else the field came twice: let Jackson decide
          int decoded =
              Base64Codec.decodeRest(body, stop, end, block, Base64Codec.decodedBy(start, stop));
          if (decoded >= 0) {
            return new Parsed<>(request, ByteBuffer.wrap(block, 0, decoded));
          }
        }
      }
      // Escapes, invalid or oversize text: the ordinary path reports it properly.
    }
    return new Parsed<>(requests.body(Arrays.copyOf(body, length), type), null);
  }

  /** Where the raw text of a top-level string field starts, after its quote; or -1. */
  private static int valueStart(byte[] body, int length, String field) {
    try (JsonParser parser = JSON.createParser(body, 0, length)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return -1;
      }
      for (JsonToken token = parser.nextToken();
          token == JsonToken.FIELD_NAME;
          token = parser.nextToken()) {
        String name = parser.currentName();
        JsonToken valueToken = parser.nextToken();
        if (field.equals(name)) {
          // The parser has not read the string yet; its location is the opening quote.
          long open = parser.currentTokenLocation().getByteOffset();
          if (valueToken != JsonToken.VALUE_STRING
              || open < 0
              || open >= length
              || body[(int) open] != '"') {
            return -1;
          }
          return (int) open + 1;
        }
        parser.skipChildren();
      }
      return -1;
    } catch (IOException e) {
      return -1; // malformed: the ordinary path reports it
    }
  }

  /** Whether {@code bytes[from, to)} holds a backslash: the quote found may be escaped. */
  private static boolean hasBackslash(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == '\\') {
        return true;
      }
    }
    return false;
  }

  /** The body with the value at {@code span} replaced by an empty string. */
  private static byte[] withoutValue(byte[] body, int length, Span span) {
    int open = span.start() - 1;
    int after = span.end() + 1;
    byte[] rest = new byte[open + 2 + length - after];
    System.arraycopy(body, 0, rest, 0, open);
    rest[open] = '"';
    rest[open + 1] = '"';
    System.arraycopy(body, after, rest, open + 2, length - after);
    return rest;
  }

  /** The next '"' in {@code bytes[from, to)}, eight bytes at a time; -1 if there is none. */
  static int indexOfQuote(byte[] bytes, int from, int to) {
    int i = from;
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long x = (long) LONGS.get(bytes, i) ^ 0x2222222222222222L; // a quote becomes a zero byte
      long zeros = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3); // the lowest flag is exact
      }
    }
    for (; i < to; i++) {
      if (bytes[i] == '"') {
        return i;
      }
    }
    return -1;
  }
}
