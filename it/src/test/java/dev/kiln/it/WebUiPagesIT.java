package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * How the server serves the web UI beside the API, over plain HTTP (no browser): pages for a
 * browser's GETs outside {@code /api/}, hashed assets, and JSON errors for everything else.
 */
class WebUiPagesIT extends ServerIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8";

  private static HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .header("Authorization", "Bearer " + server.adminToken());
    if (accept != null) {
      request.header("Accept", accept);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theIndexPageIsServedAtTheRootAndForClientRoutes() throws Exception {
    for (String path : new String[] {"/", "/workspace/Users/admin", "/settings?tab=tokens"}) {
      HttpResponse<String> page = get(path, BROWSER);
      assertThat(page.statusCode()).as(path).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
      assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-cache");
      assertThat(page.headers().firstValue("Content-Security-Policy"))
          .hasValueSatisfying(csp -> assertThat(csp).contains("script-src 'self'"));
      assertThat(page.body()).contains("<div id=\"root\"></div>");
    }
  }

  @Test
  void assetsAreServedWithLongCachingAndMissingOnesAre404() throws Exception {
    String index = get("/", BROWSER).body();
    Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(index);
    assertThat(script.find()).as("the index page names its script").isTrue();
    HttpResponse<String> js = get(script.group(1), "*/*");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
    assertThat(js.headers().firstValue("Cache-Control"))
        .hasValue("public, max-age=31536000, immutable");

    HttpResponse<String> missing = get("/assets/missing.js", "*/*");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).contains("ENDPOINT_NOT_FOUND");
    assertThat(get("/assets/..%2Fkiln-web%2Findex.html", "*/*").statusCode()).isEqualTo(404);
  }

  @Test
  void apiPathsAndNonBrowserRequestsKeepTheirJsonErrors() throws Exception {
    HttpResponse<String> api = get("/api/2.0/no-such-api", BROWSER);
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.body()).contains("\"error_code\":\"ENDPOINT_NOT_FOUND\"");
    assertThat(get("/api", BROWSER).statusCode()).isEqualTo(404);
    // SDKs probe paths outside /api/ (OIDC discovery) and must keep getting JSON.
    HttpResponse<String> probe = get("/oidc/.well-known/oauth-authorization-server", null);
    assertThat(probe.statusCode()).isEqualTo(404);
    assertThat(probe.body()).contains("ENDPOINT_NOT_FOUND");
    assertThat(server.call("POST", "/somewhere", null, null).statusCode()).isEqualTo(404);
    assertThat(server.call("DELETE", "/api/2.0/token/list", null).statusCode()).isEqualTo(405);
  }
}
