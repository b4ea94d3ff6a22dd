package dev.kiln.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.it.EndpointNotAvailable;
import dev.kiln.it.RawClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** JSON calls to the server under test as the admin, failing loudly on any error answer. */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();

  private final String baseUrl;
  private final String token;
  private final Duration timeout;
  private final RawClient raw;

  Api(String baseUrl, String token, Duration timeout) {
    this.baseUrl = baseUrl;
    this.token = token;
    this.timeout = timeout;
    this.raw = new RawClient(() -> baseUrl, timeout);
  }

  /** The same calls over a connection of its own. */
  Api copy() {
    return new Api(baseUrl, token, timeout);
  }

  /** The JSON answer of a GET. */
  JsonNode get(String path) {
    return ok(raw.call("GET", path, null, null, token));
  }

  /** The JSON answer of a POST of a JSON body. */
  JsonNode post(String path, String json) {
    return ok(raw.call("POST", path, json, "application/json", token));
  }

  /** Any call, with the raw answer: for the hot loops, which check the status themselves. */
  <T> HttpResponse<T> send(
      String method,
      String path,
      HttpRequest.BodyPublisher body,
      String contentType,
      HttpResponse.BodyHandler<T> answer) {
    return raw.send(method, path, body, contentType, token, answer);
  }

  /** The body of a 200, or {@link EndpointNotAvailable}, or an error that quotes the answer. */
  static JsonNode ok(HttpResponse<String> response) {
    EndpointNotAvailable.throwIfNotServed(response);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.request().uri().getPath()
              + " answered "
              + response.statusCode()
              + ": "
              + response.body());
    }
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + response.body(), e);
    }
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** A JSON string literal; enough for the paths and names the benchmarks use. */
  static String quote(String value) {
    return JSON.getNodeFactory().textNode(value).toString();
  }
}
