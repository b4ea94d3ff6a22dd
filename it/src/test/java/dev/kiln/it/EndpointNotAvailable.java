package dev.kiln.it;

import java.net.http.HttpResponse;

/**
 * The server answered 404 {@code ENDPOINT_NOT_FOUND}: this build does not serve the API a check or
 * a benchmark needs (yet). Lets those written ahead of an API report "not available" rather than
 * fail.
 */
public final class EndpointNotAvailable extends RuntimeException {
  public EndpointNotAvailable(String message) {
    super(message);
  }

  /** Throws when {@code response} says that its endpoint is not served. */
  public static void throwIfNotServed(HttpResponse<String> response) {
    if (response.statusCode() == 404 && response.body().contains("\"ENDPOINT_NOT_FOUND\"")) {
      throw new EndpointNotAvailable(
          response.request().method()
              + " "
              + response.request().uri().getPath()
              + " is not available (HTTP 404 ENDPOINT_NOT_FOUND)");
    }
  }
}
