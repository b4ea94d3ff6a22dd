package dev.kiln.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * HTTP for the DBFS transfers, made as a high-throughput client makes it: HttpURLConnection on a
 * keep-alive connection, each request body of known length written straight to the socket (fixed
 * length, no chunking, no request object holding it) and each answer read into one reused buffer.
 * java.net.http's HttpClient, which the latency benchmarks use, moves bodies through publishers and
 * flow control, and on these calls cost more CPU than the server it shares two cores with.
 */
final class TransferClient {
  /** Writes a request body. */
  @FunctionalInterface
  interface Body {
    void writeTo(OutputStream out) throws IOException;
  }

  private final String baseUrl;
  private final String token;
  private final int timeoutMillis;

  /** The last answer's body is {@code answer[0, answerLength)}. */
  private byte[] answer = new byte[64 << 10];

  private int answerLength;

  TransferClient(String baseUrl, String token, Duration timeout) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.timeoutMillis = Math.toIntExact(timeout.toMillis());
  }

  /** POSTs a body of exactly {@code length} bytes; fails unless the answer is a 200. */
  void post(String path, String contentType, long length, Body body) throws IOException {
    HttpURLConnection http = open(path);
    http.setRequestMethod("POST");
    http.setDoOutput(true);
    http.setFixedLengthStreamingMode(length);
    http.setRequestProperty("Content-Type", contentType);
    try (OutputStream out = http.getOutputStream()) {
      body.writeTo(out);
    }
    finish(http, "POST " + path);
  }

  /** POSTs a small JSON body. */
  void post(String path, String json) throws IOException {
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    post(path, "application/json", bytes.length, out -> out.write(bytes));
  }

  /** GETs; fails unless the answer is a 200. */
  void get(String path) throws IOException {
    HttpURLConnection http = open(path);
    http.setRequestMethod("GET");
    finish(http, "GET " + path);
  }

  /** The last answer's body, valid until the next call; see {@link #answerLength}. */
  byte[] answer() {
    return answer;
  }

  int answerLength() {
    return answerLength;
  }

  private HttpURLConnection open(String path) throws IOException {
    HttpURLConnection http =
        (HttpURLConnection) URI.create(baseUrl + path).toURL().openConnection();
    http.setConnectTimeout(10_000);
    http.setReadTimeout(timeoutMillis);
    http.setUseCaches(false);
    http.setRequestProperty("Authorization", "Bearer " + token);
    return http;
  }

  /** Reads the whole answer, which returns the connection to the keep-alive cache. */
  private void finish(HttpURLConnection http, String call) throws IOException {
    int status = http.getResponseCode();
    answerLength = 0;
    try (InputStream in = status >= 400 ? http.getErrorStream() : http.getInputStream()) {
      if (in != null) {
        for (int n; (n = in.read(answer, answerLength, answer.length - answerLength)) >= 0; ) {
          answerLength += n;
          if (answerLength == answer.length) {
            answer = Arrays.copyOf(answer, answer.length * 2);
          }
        }
      }
    }
    if (status != 200) {
      throw new IllegalStateException(
          call
              + " answered "
              + status
              + ": "
              + new String(answer, 0, answerLength, StandardCharsets.UTF_8));
    }
  }
}
