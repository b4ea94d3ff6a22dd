package dev.kiln.server.dbfs;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.kiln.server.api.Requests;
import io.javalin.http.Context;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.Function;

/**
 * Reads a JSON body with one large base64 field ({@code data} of add-block, {@code contents} of
 * put) without making that field a Java string: its bytes are found in the body and decoded in
 * place with java.util.Base64, and the small rest is bound as usual. Anything unusual (escapes in
 * the value, a repeated field, no Content-Length, an oversize body) takes the ordinary path, which
 * gives the same result or the same error, only slower.
 */
final class Base64Body {
  /**
   * The bound request, and the field decoded; null when it is still to be taken from the request.
   */
  record Parsed<T>(T request, ByteBuffer decoded) {}

  private record Span(int start, int end) {}

  private static final JsonFactory JSON = new JsonFactory();

  /** Larger bodies cannot hold a valid block; they take the ordinary path and fail there. */
  private static final int MAX_FAST_BODY = 4 << 20;

  /** Longest base64 text of a block of at most {@link DbfsUploads#MAX_BLOCK_BYTES}. */
  private static final int MAX_BASE64 = 4 * ((DbfsUploads.MAX_BLOCK_BYTES + 2) / 3);

  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private Base64Body() {}

  /**
   * Binds the body to {@code type}; {@code field} names the base64 field and {@code value} reads it
   * back from a bound request. Bodies over {@code maxBodyBytes} are refused as on every route.
   */
  static <T> Parsed<T> read(
      Context ctx,
      Requests requests,
      long maxBodyBytes,
      Class<T> type,
      String field,
      Function<T, String> value)
      throws IOException {
    long length = ctx.req().getContentLengthLong();
    if (length < 0 || length > Math.min(MAX_FAST_BODY, maxBodyBytes)) {
      return new Parsed<>(requests.body(ctx, type), null);
    }
    byte[] body = new byte[(int) length];
    int read = ctx.req().getInputStream().readNBytes(body, 0, body.length);
    if (read < body.length) {
      body = Arrays.copyOf(body, read); // the client went away; the parse fails as malformed
    }
    return parse(body, requests, type, field, value);
  }

  /** {@link #read} on a body already in memory. */
  static <T> Parsed<T> parse(
      byte[] body, Requests requests, Class<T> type, String field, Function<T, String> value) {
    Span span = locate(body, field);
    if (span != null && span.end() - span.start() <= MAX_BASE64) {
      T request = requests.body(withoutValue(body, span), type);
      if ("".equals(value.apply(request))) { // else the field came twice: let Jackson decide
        try {
          ByteBuffer raw = ByteBuffer.wrap(body, span.start(), span.end() - span.start());
          return new Parsed<>(request, Base64.getDecoder().decode(raw));
        } catch (IllegalArgumentException e) {
          // Not plain base64 (escapes, or invalid): the ordinary path reports it properly.
        }
      }
    }
    return new Parsed<>(requests.body(body, type), null);
  }

  /** The raw bytes of a top-level string field's value, or null. */
  private static Span locate(byte[] body, String field) {
    try (JsonParser parser = JSON.createParser(body)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
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
              || open >= body.length
              || body[(int) open] != '"') {
            return null;
          }
          int end = indexOfQuote(body, (int) open + 1);
          return end < 0 ? null : new Span((int) open + 1, end);
        }
        parser.skipChildren();
      }
      return null;
    } catch (IOException e) {
      return null; // malformed: the ordinary path reports it
    }
  }

  /** The body with the value at {@code span} replaced by an empty string. */
  private static byte[] withoutValue(byte[] body, Span span) {
    int open = span.start() - 1;
    int after = span.end() + 1;
    byte[] rest = new byte[open + 2 + body.length - after];
    System.arraycopy(body, 0, rest, 0, open);
    rest[open] = '"';
    rest[open + 1] = '"';
    System.arraycopy(body, after, rest, open + 2, body.length - after);
    return rest;
  }

  /** The next '"' from {@code from}, eight bytes at a time; -1 if there is none. */
  static int indexOfQuote(byte[] bytes, int from) {
    int i = from;
    for (; i + Long.BYTES <= bytes.length; i += Long.BYTES) {
      long x = (long) LONGS.get(bytes, i) ^ 0x2222222222222222L; // a quote becomes a zero byte
      long zeros = (x - 0x0101010101010101L) & ~x & 0x8080808080808080L;
      if (zeros != 0) {
        return i + (Long.numberOfTrailingZeros(zeros) >>> 3); // the lowest flag is exact
      }
    }
    for (; i < bytes.length; i++) {
      if (bytes[i] == '"') {
        return i;
      }
    }
    return -1;
  }
}
