package dev.kiln.server.dbfs;

import static dev.kiln.server.testing.ApiErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.Json;
import dev.kiln.model.dbfs.AddBlockRequest;
import dev.kiln.model.dbfs.PutRequest;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Requests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DbfsBase64BodyTest {
  final Requests requests = new Requests(Json.mapper());
  final byte[] block = random(100_000);
  final String b64 = Base64.getEncoder().encodeToString(block);

  static byte[] random(int size) {
    byte[] bytes = new byte[size];
    new Random(3).nextBytes(bytes);
    return bytes;
  }

  Base64Body.Parsed<AddBlockRequest> addBlock(String json) {
    return Base64Body.parse(
        json.getBytes(StandardCharsets.UTF_8),
        requests,
        AddBlockRequest.class,
        "data",
        AddBlockRequest::data);
  }

  static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  /** The data of a parsed block, whichever path it took. */
  static byte[] data(Base64Body.Parsed<AddBlockRequest> parsed) {
    return parsed.decoded() != null
        ? bytes(parsed.decoded())
        : bytes(DbfsUploads.decodeBlock(parsed.request().data(), "data"));
  }

  @Test
  void theValueIsDecodedInPlaceWhateverTheFieldOrder() {
    for (String json :
        new String[] {
          "{\"handle\":7,\"data\":\"" + b64 + "\"}",
          "{\"data\":\"" + b64 + "\",\"handle\":7}",
          " { \"handle\" : \"7\" ,\n \"data\" :\t\"" + b64 + "\" } ",
          "{\"other\":{\"data\":\"x\"},\"data\":\""
              + b64
              + "\",\"handle\":7,\"more\":[1,\"\\\"\"]}",
        }) {
      Base64Body.Parsed<AddBlockRequest> parsed = addBlock(json);
      assertThat(parsed.decoded()).as(json.substring(0, 20)).isNotNull();
      assertThat(bytes(parsed.decoded())).isEqualTo(block);
      assertThat(parsed.request().handle()).isEqualTo(7L);
      assertThat(parsed.request().data()).isEmpty();
    }
  }

  @Test
  void escapedOrRepeatedValuesTakeTheOrdinaryPathWithTheSameResult() {
    String escaped = b64.replace("/", "\\/");
    assertThat(escaped).contains("\\/");
    Base64Body.Parsed<AddBlockRequest> parsed =
        addBlock("{\"handle\":7,\"data\":\"" + escaped + "\"}");
    assertThat(parsed.decoded()).isNull();
    assertThat(data(parsed)).isEqualTo(block);

    // Jackson keeps the last of repeated fields; so must we.
    Base64Body.Parsed<AddBlockRequest> repeated =
        addBlock("{\"data\":\"AAAA\",\"handle\":7,\"data\":\"" + b64 + "\"}");
    assertThat(data(repeated)).isEqualTo(block);
  }

  @Test
  void emptyAbsentAndNonStringValues() {
    assertThat(bytes(addBlock("{\"handle\":1,\"data\":\"\"}").decoded())).isEmpty();
    Base64Body.Parsed<AddBlockRequest> absent = addBlock("{\"handle\":1}");
    assertThat(absent.decoded()).isNull();
    assertThat(absent.request().data()).isNull();
    assertFailsWith(() -> addBlock("{\"handle\":1,\"data\":5}"), ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void badBodiesFailAsTheyWouldOrdinarily() {
    assertFailsWith(() -> addBlock("{\"handle\":1,\"data\":\"" + b64), ErrorCode.MALFORMED_REQUEST);
    assertFailsWith(
        () -> addBlock("{\"handle\":\"x\",\"data\":\"" + b64 + "\"}"),
        ErrorCode.INVALID_PARAMETER_VALUE);
    Base64Body.Parsed<AddBlockRequest> invalid = addBlock("{\"handle\":1,\"data\":\"*!*\"}");
    assertThat(invalid.decoded()).isNull();
    assertFailsWith(() -> data(invalid), ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void anEscapedQuoteIsNotTheEndOfTheValue() {
    Base64Body.Parsed<AddBlockRequest> parsed =
        addBlock("{\"handle\":1,\"data\":\"QUFB\\\"QUFB\"}");
    assertThat(parsed.decoded()).isNull();
    assertThat(parsed.request().data()).isEqualTo("QUFB\"QUFB");
  }

  @Test
  void onlyTheBodysLengthOfAReusedArrayCounts() {
    byte[] json = ("{\"handle\":7,\"data\":\"" + b64 + "\"}").getBytes(StandardCharsets.UTF_8);
    byte[] reused = new byte[json.length + 100];
    Arrays.fill(reused, (byte) '"');
    System.arraycopy(json, 0, reused, 0, json.length);
    byte[] decoded = new byte[DbfsUploads.MAX_BLOCK_BYTES + 16];
    Base64Body.Parsed<AddBlockRequest> parsed =
        Base64Body.parse(
            reused,
            json.length,
            decoded,
            -1,
            -1,
            requests,
            AddBlockRequest.class,
            "data",
            AddBlockRequest::data);
    assertThat(bytes(parsed.decoded())).isEqualTo(block);
    // Cut before its closing quote, the body is malformed, whatever follows in the array.
    assertFailsWith(
        () ->
            Base64Body.parse(
                reused,
                json.length - 5,
                decoded,
                -1,
                -1,
                requests,
                AddBlockRequest.class,
                "data",
                AddBlockRequest::data),
        ErrorCode.MALFORMED_REQUEST);
  }

  /** The data of a parsed block, or the error it gives, in a few words. */
  static String outcome(Base64Body.Parsed<AddBlockRequest> parsed) {
    try {
      byte[] data = data(parsed);
      return data.length + " bytes, hash " + Arrays.hashCode(data);
    } catch (ApiException e) {
      return e.code() + ": " + e.getMessage();
    }
  }

  @Test
  void decodingWhileTheBodyArrivesGivesTheSameResult() throws IOException {
    for (String text : new String[] {b64, "*" + b64, b64.replace("/", "\\/"), "QUJD"}) {
      byte[] json =
          ("{\"handle\":7," + " ".repeat(3000) + "\"data\":\"" + text + "\"}")
              .getBytes(StandardCharsets.UTF_8);
      Base64Body.Parsed<AddBlockRequest> whole = addBlock(new String(json, StandardCharsets.UTF_8));
      for (int chunk : new int[] {1, 7, 1000, 65536, json.length}) {
        InputStream in =
            new ByteArrayInputStream(json) {
              @Override
              public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, chunk));
              }
            };
        byte[] body = new byte[json.length];
        byte[] decoded = new byte[DbfsUploads.MAX_BLOCK_BYTES + 16];
        Base64Body.Streamed streamed =
            Base64Body.readDecoding(in, body, json.length, decoded, "data");
        assertThat(streamed.read()).isEqualTo(json.length);
        Base64Body.Parsed<AddBlockRequest> parsed =
            Base64Body.parse(
                body,
                streamed.read(),
                decoded,
                streamed.start(),
                streamed.decodedTo(),
                requests,
                AddBlockRequest.class,
                "data",
                AddBlockRequest::data);
        assertThat(parsed.decoded() == null).isEqualTo(whole.decoded() == null);
        assertThat(outcome(parsed)).as("chunks of %d", chunk).isEqualTo(outcome(whole));
      }
    }
  }

  @Test
  void oversizeValuesAreLeftToTheSizeCheck() {
    String over = Base64.getEncoder().encodeToString(new byte[DbfsUploads.MAX_BLOCK_BYTES + 3]);
    Base64Body.Parsed<AddBlockRequest> parsed =
        addBlock("{\"handle\":1,\"data\":\"" + over + "\"}");
    assertThat(parsed.decoded()).isNull();
    assertFailsWith(() -> data(parsed), ErrorCode.MAX_BLOCK_SIZE_EXCEEDED);
  }

  @Test
  void putContentsWork() {
    Base64Body.Parsed<PutRequest> parsed =
        Base64Body.parse(
            ("{\"path\":\"/x\",\"contents\":\"" + b64 + "\",\"overwrite\":true}")
                .getBytes(StandardCharsets.UTF_8),
            requests,
            PutRequest.class,
            "contents",
            PutRequest::contents);
    assertThat(bytes(parsed.decoded())).isEqualTo(block);
    assertThat(parsed.request().path()).isEqualTo("/x");
    assertThat(parsed.request().overwrite()).isTrue();
  }

  @Test
  void quotesAreFoundAtEveryOffset() {
    for (int length = 0; length < 40; length++) {
      for (int at = 0; at < length; at++) {
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) 'A');
        bytes[at] = '"';
        if (at + 3 < length) {
          bytes[at + 3] = '"'; // a later quote must not win
        }
        for (int from = 0; from <= at; from++) {
          assertThat(Base64Body.indexOfQuote(bytes, from, bytes.length)).isEqualTo(at);
        }
        assertThat(Base64Body.indexOfQuote(bytes, Math.min(length, at + 4), bytes.length))
            .isEqualTo(-1);
      }
    }
    byte[] high = new byte[16];
    Arrays.fill(high, (byte) 0xA2); // 0x22 with the high bit set is not a quote
    assertThat(Base64Body.indexOfQuote(high, 0, high.length)).isEqualTo(-1);
  }
}
