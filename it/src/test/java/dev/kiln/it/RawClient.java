package dev.kiln.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Plain HTTP calls to a Kiln server, for what the SDK would never send (malformed JSON, wrong
 * types, bad tokens) and for a server running in another process. A call that gets no answer throws
 * {@link UncheckedIOException}, so a caller can tell "no answer" from "an error answer".
 */
public final class RawClient {
  private final HttpClient http;
  private final Supplier<String> baseUrl;
  private final Duration timeout;

  /** {@code baseUrl} is asked on every call; a call gets 30 s to answer. */
  public RawClient(Supplier<String> baseUrl) {
    this(baseUrl, Duration.ofSeconds(30));
  }

  public RawClient(Supplier<String> baseUrl, Duration timeout) {
    this.baseUrl = baseUrl;
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
  }

  /**
   * A call with an optional body and bearer token.
   *
   * @param contentType the body's type, or null to send none
   * @param token the bearer token, or null to send no credentials
   */
  public HttpResponse<String> call(
      String method, String path, String body, String contentType, String token) {
    return send(
        method,
        path,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body),
        contentType,
        token);
  }

  /** A call with any body, such as a {@link Multipart} form. */
  public HttpResponse<String> send(
      String method,
      String path,
      HttpRequest.BodyPublisher body,
      String contentType,
      String token) {
    return send(method, path, body, contentType, token, HttpResponse.BodyHandlers.ofString());
  }

  /** A call with any body, whose answer's body is read by {@code answer}. */
  public <T> HttpResponse<T> send(
      String method,
      String path,
      HttpRequest.BodyPublisher body,
      String contentType,
      String token,
      HttpResponse.BodyHandler<T> answer) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl.get() + path))
            .timeout(timeout)
            .method(method, body);
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    try {
      return http.send(b.build(), answer);
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path + " got no answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
