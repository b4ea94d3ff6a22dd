package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertError;
import static dev.kiln.it.ApiAssertions.assertOk;
import static dev.kiln.it.ApiAssertions.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Input that is not what it claims to be, sent raw: null or mistyped list elements, bodies past the
 * size limit without a Content-Length, bytes that are not UTF-8, half surrogate pairs, numbers that
 * do not fit. Each gets a Databricks error and changes nothing; the well-formed request next to it
 * still works.
 */
class BadInputIT extends ServerIT {
  private static final String USERS = "/api/2.0/preview/scim/v2/Users";

  private final RawClient raw = new RawClient(() -> server.url());

  @Test
  void nullOrMistypedListElementsAreRefusedAndCreateNoUser() {
    List<String> lists =
        List.of(
            "\"groups\":[null]",
            "\"emails\":[null]",
            "\"entitlements\":[null]",
            "\"schemas\":[null]",
            "\"groups\":[{\"display\":\"admins\"},null]",
            "\"groups\":[\"admins\"]",
            "\"groups\":[1]",
            "\"emails\":[[]]",
            "\"schemas\":[{}]");
    for (String list : lists) {
      String body = "{\"userName\":\"nulls@example.com\"," + list + "}";
      assertError(server.call("POST", USERS, body), 400, "INVALID_PARAMETER_VALUE");
    }
    assertThat(userNames()).doesNotContain("nulls@example.com");

    HttpResponse<String> created =
        server.call(
            "POST",
            USERS,
            "{\"userName\":\"lists@example.com\",\"groups\":[{\"display\":\"admins\"}],"
                + "\"emails\":[{\"value\":\"lists@example.com\"}],\"schemas\":[\"x\"]}");
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    assertThat(json(created).path("groups").get(0).path("display").asText()).isEqualTo("admins");
  }

  /**
   * A body sent chunked, ten times the limit and made as it is sent: the answer is a 413 as soon as
   * the limit is passed, and the server never holds more than the limit of it.
   */
  @Test
  void aChunkedBodyPastTheLimitIsRefusedWithoutBeingRead() throws Exception {
    long limit = server.config().maxBodyBytes();
    long total = 10 * limit;
    URI url = URI.create(server.url());
    Map<Long, Long> allocatedBefore = allocatedByThread();
    long started = System.nanoTime();
    AtomicLong sent = new AtomicLong();
    long sentWhenAnswered;
    String answer;
    try (Socket socket = new Socket(url.getHost(), url.getPort())) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/2.0/token/create HTTP/1.1\r\nHost: localhost\r\n"
                  + "Authorization: Bearer "
                  + server.adminToken()
                  + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      CompletableFuture<Void> sending =
          CompletableFuture.runAsync(
              () -> {
                byte[] chunk = new byte[1 << 20];
                Arrays.fill(chunk, (byte) 'x');
                byte[] head = "100000\r\n".getBytes(StandardCharsets.US_ASCII);
                byte[] tail = "\r\n".getBytes(StandardCharsets.US_ASCII);
                try {
                  writeChunk(out, "{\"comment\":\"".getBytes(StandardCharsets.US_ASCII));
                  while (sent.get() < total) {
                    out.write(head);
                    out.write(chunk);
                    out.write(tail);
                    sent.addAndGet(chunk.length);
                  }
                  writeChunk(out, "\"}".getBytes(StandardCharsets.US_ASCII));
                  out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (IOException closed) {
                  // The server answered and closed: the rest is never sent.
                }
              });
      answer = readResponse(socket.getInputStream());
      sentWhenAnswered = sent.get();
      socket.shutdownInput();
      socket.shutdownOutput(); // the writer's next write fails, if it is still writing
      sending.get(60, TimeUnit.SECONDS);
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    long allocated = allocatedSince(allocatedBefore);

    assertThat(answer).startsWith("HTTP/1.1 413");
    assertThat(answer).contains("\"error_code\":\"REQUEST_ENTITY_TOO_LARGE\"");
    assertThat(seconds).as("seconds to the answer").isLessThan(30);
    assertThat(sentWhenAnswered).as("bytes sent when the answer came").isLessThan(3 * limit);
    // Reading the whole body would take 10x the limit (twice, as the buffer grows); the bounded
    // read takes at most the limit, and its buffer's growth about as much again.
    assertThat(allocated).as("bytes allocated meanwhile").isLessThan(4 * limit);

    // The server goes on serving, and a body within the limit is taken.
    assertOk(server.call("POST", "/api/2.0/token/create", "{\"comment\":\"after\"}"));
  }

  @Test
  void overlongUtf8NeverBecomesASlash() {
    // C0 AF is an overlong '/': a lenient decoder turns /over<C0 AF>x into /over/x.
    for (String route : List.of("/api/2.0/workspace/mkdirs", "/api/2.0/dbfs/mkdirs")) {
      byte[] body = bytes("{\"path\":\"/over", 0xc0, 0xaf, "x\"}");
      HttpResponse<String> refused = raw(route, body);
      assertThat(assertError(refused, 400, "INVALID_PARAMETER_VALUE")).contains("UTF-8");
    }
    assertError(
        server.call("GET", "/api/2.0/workspace/get-status?path=/over", null),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    assertError(
        server.call("GET", "/api/2.0/dbfs/get-status?path=/over", null),
        404,
        "RESOURCE_DOES_NOT_EXIST");

    // Percent-encoded in a query string or a path: refused, not replaced by U+FFFD.
    for (String target :
        List.of(
            "/api/2.0/workspace/list?path=/over%C0%AFx",
            "/api/2.0/dbfs/get-status?path=/over%C0%AFx",
            "/api/2.0/workspace/get-status?path=/s%ED%A0%80x",
            "/api/2.0/workspace/list?path=/a%FF")) {
      assertError(server.call("GET", target, null), 400, "INVALID_PARAMETER_VALUE");
    }
    assertError(
        server.call(
            "POST",
            "/api/2.0/workspace-files/import-file/Users/a%C0%AFb",
            "x",
            "text/plain",
            token()),
        400,
        "INVALID_PARAMETER_VALUE");
    assertThat(names("/Users")).noneMatch(n -> n.contains("\uFFFD"));

    // Well-formed UTF-8 in all three places still works.
    assertOk(
        raw(
            "/api/2.0/workspace/mkdirs",
            bytes("{\"path\":\"/Users/\u00fc", 0xe2, 0x82, 0xac, "\"}")));
    assertOk(raw("/api/2.0/dbfs/mkdirs", bytes("{\"path\":\"/\u00fc\"}")));
    assertOk(server.call("GET", "/api/2.0/workspace/get-status?path=/Users/%C3%BC%E2%82%AC", null));
    assertOk(server.call("GET", "/api/2.0/dbfs/get-status?path=/%C3%BC", null));
  }

  @Test
  void halfASurrogatePairNamesNothing() {
    // "\\ud800" is valid JSON syntax, but no character: such a folder could never be named again.
    for (String route : List.of("/api/2.0/workspace/mkdirs", "/api/2.0/dbfs/mkdirs")) {
      for (String path : List.of("/Shared/sur\\ud800x", "/Shared/sur\\udc00", "/Shared/\\u0000x")) {
        HttpResponse<String> refused = server.call("POST", route, "{\"path\":\"" + path + "\"}");
        assertError(refused, 400, "INVALID_PARAMETER_VALUE");
      }
    }
    assertThat(names("/Shared")).noneMatch(n -> n.startsWith("/Shared/sur"));

    // A whole pair is a character like any other: created, listed, read and deleted by that name.
    String emoji = "/Shared/smile-\uD83D\uDE00";
    assertOk(
        server.call(
            "POST", "/api/2.0/workspace/mkdirs", "{\"path\":\"/Shared/smile-\\ud83d\\ude00\"}"));
    assertThat(names("/Shared")).contains(emoji);
    assertOk(
        server.call("GET", "/api/2.0/workspace/get-status?path=/Shared/smile-%F0%9F%98%80", null));
    assertOk(
        raw(
            "/api/2.0/workspace/delete",
            ("{\"path\":\"" + emoji + "\"}").getBytes(StandardCharsets.UTF_8)));
    assertThat(names("/Shared")).doesNotContain(emoji);
  }

  @Test
  void numbersAreCheckedAsSentNotCutTo32Bits() {
    for (String list :
        List.of("/api/2.1/jobs/list", "/api/2.1/jobs/runs/list", "/api/2.0/jobs/list")) {
      String message =
          assertError(
              server.call("GET", list + "?limit=999999999999", null),
              400,
              "INVALID_PARAMETER_VALUE");
      assertThat(message).contains("999999999999").doesNotContain("-727379969");
      assertError(
          server.call("GET", list + "?limit=99999999999999999999999", null),
          400,
          "INVALID_PARAMETER_VALUE");
      assertOk(server.call("GET", list + "?limit=5", null));
    }
    assertThat(
            assertError(
                server.call("GET", USERS + "?count=99999999999999999999999", null),
                400,
                "INVALID_PARAMETER_VALUE"))
        .contains("99999999999999999999999");
    assertThat(
            assertError(
                server.call(
                    "POST", "/api/2.0/token/create", "{\"lifetime_seconds\":99999999999999999999}"),
                400,
                "INVALID_PARAMETER_VALUE"))
        .contains("lifetime_seconds");
    // Clusters list brings a large page size into range, as Databricks does.
    assertOk(server.call("GET", "/api/2.1/clusters/list?page_size=999999999999", null));
  }

  private String token() {
    return server.adminToken();
  }

  private HttpResponse<String> raw(String route, byte[] body) {
    return raw.send(
        "POST", route, HttpRequest.BodyPublishers.ofByteArray(body), "application/json", token());
  }

  /** Text and raw bytes, in order. */
  private static byte[] bytes(Object... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Object part : parts) {
      if (part instanceof String s) {
        out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      } else {
        out.write((Integer) part);
      }
    }
    return out.toByteArray();
  }

  private List<String> userNames() {
    JsonNode users = assertOk(server.call("GET", USERS, null)).path("Resources");
    return users.findValuesAsText("userName");
  }

  private List<String> names(String folder) {
    JsonNode objects =
        assertOk(
                server.call(
                    "GET",
                    "/api/2.0/workspace/list?path="
                        + java.net.URLEncoder.encode(folder, StandardCharsets.UTF_8),
                    null))
            .path("objects");
    return objects.findValuesAsText("path");
  }

  private static void writeChunk(OutputStream out, byte[] data) throws IOException {
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  /** The status line, headers and body of one answer with a Content-Length. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      got.write(buffer, 0, n);
      String text = got.toString(StandardCharsets.ISO_8859_1);
      int end = text.indexOf("\r\n\r\n");
      if (end >= 0) {
        int at = text.toLowerCase(java.util.Locale.ROOT).indexOf("content-length:");
        if (at >= 0 && at < end) {
          int length = Integer.parseInt(text.substring(at + 15, text.indexOf("\r\n", at)).trim());
          if (text.length() >= end + 4 + length) {
            return text;
          }
        }
      }
    }
    return got.toString(StandardCharsets.ISO_8859_1);
  }

  /** Bytes each live thread of this JVM (which runs the server) has allocated so far. */
  private static Map<Long, Long> allocatedByThread() {
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Map<Long, Long> out = new HashMap<>();
    for (int i = 0; i < ids.length; i++) {
      out.put(ids[i], bytes[i]);
    }
    return out;
  }

  private static long allocatedSince(Map<Long, Long> before) {
    long total = 0;
    for (Map.Entry<Long, Long> now : allocatedByThread().entrySet()) {
      if (now.getValue() >= 0) {
        total += now.getValue() - before.getOrDefault(now.getKey(), 0L);
      }
    }
    return total;
  }
}
