package dev.kiln.driver.connect;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the control plane who a token belongs to ({@code GET /api/2.0/preview/scim/v2/Me} with it as
 * the bearer): 200 is a valid token, 401 or 403 a refused one, anything else (or no answer) means
 * the check could not be made.
 */
public final class ControlPlaneTokenCheck implements Function<String, TokenVerdict> {
  private static final Logger log = LoggerFactory.getLogger(ControlPlaneTokenCheck.class);
  private static final String ME = "/api/2.0/preview/scim/v2/Me";

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final URI me;

  public ControlPlaneTokenCheck(String controlPlaneUrl) {
    if (controlPlaneUrl == null || controlPlaneUrl.isBlank()) {
      throw new IllegalArgumentException("The control plane's URL is required to check tokens");
    }
    this.me = URI.create(controlPlaneUrl.replaceAll("/+$", "") + ME);
  }

  @Override
  public TokenVerdict apply(String token) {
    HttpRequest request =
        HttpRequest.newBuilder(me)
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token)
            .GET()
            .build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status == 200) {
        return TokenVerdict.VALID;
      }
      if (status == 401 || status == 403) {
        return TokenVerdict.INVALID;
      }
      log.warn("Token check at {} answered HTTP {}", me, status);
      return TokenVerdict.UNAVAILABLE;
    } catch (IOException e) {
      log.warn("Token check at {} failed: {}", me, e.toString());
      return TokenVerdict.UNAVAILABLE;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return TokenVerdict.UNAVAILABLE;
    }
  }
}
