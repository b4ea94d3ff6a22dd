package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertError;
import static dev.kiln.it.ApiAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.workspace.GetStatusRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How a browser is signed in, over plain HTTP: the token goes once to the session route, which
 * answers with an HttpOnly cookie; cookie-signed calls that change state need the UI's CSRF marker,
 * bearer calls (SDKs, the CLI) do not. Every answer under /driver-proxy is sandboxed, errors too.
 */
class BrowserSessionIT extends ServerIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String SESSION = "/api/2.0/kiln/session";
  private static final String SANDBOX = "sandbox allow-scripts allow-forms allow-popups";

  private static HttpResponse<String> send(
      String method, String path, String body, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String signIn() throws Exception {
    HttpResponse<String> answer =
        send("POST", SESSION, null, Map.of("Authorization", "Bearer " + server.adminToken()));
    assertThat(assertOk(answer).path("user_name").asText()).isEqualTo("admin");
    String cookie = answer.headers().firstValue("Set-Cookie").orElseThrow();
    return cookie.substring(0, cookie.indexOf(';'));
  }

  @Test
  void signInAnswersWithAnHttpOnlyStrictCookieThatSignsTheBrowserIn() throws Exception {
    HttpResponse<String> answer =
        send("POST", SESSION, null, Map.of("Authorization", "Bearer " + server.adminToken()));
    List<String> attributes =
        List.of(answer.headers().firstValue("Set-Cookie").orElseThrow().split(";\\s*"));
    assertThat(attributes.get(0)).isEqualTo("kiln_session=" + server.adminToken());
    assertThat(attributes)
        .contains("HttpOnly", "SameSite=Strict", "Path=/")
        .doesNotContain("Secure");
    HttpResponse<String> overTls =
        send(
            "POST",
            SESSION,
            null,
            Map.of("Authorization", "Bearer " + server.adminToken(), "X-Forwarded-Proto", "https"));
    assertThat(overTls.headers().firstValue("Set-Cookie").orElseThrow()).contains("; Secure");

    HttpResponse<String> me =
        send("GET", "/api/2.0/preview/scim/v2/Me", null, Map.of("Cookie", attributes.get(0)));
    assertThat(assertOk(me).path("userName").asText()).isEqualTo("admin");
    assertError(send("GET", "/api/2.0/preview/scim/v2/Me", null, Map.of()), 401, "UNAUTHENTICATED");
  }

  @Test
  void aWrongTokenGetsNoCookie() throws Exception {
    HttpResponse<String> answer =
        send("POST", SESSION, null, Map.of("Authorization", "Bearer dapi-not-a-token"));
    assertError(answer, 401, "UNAUTHENTICATED");
    assertThat(answer.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void aCookieSignedChangeWithoutTheCsrfMarkerIsRefusedAndWithItWorks() throws Exception {
    String cookie = signIn();
    String body = "{\"path\":\"/Users/admin/csrf-probe\"}";
    // What another site's form or a plain cross-site fetch can send: the cookie, no custom header.
    assertError(
        send(
            "POST",
            "/api/2.0/workspace/mkdirs",
            body,
            Map.of("Cookie", cookie, "Content-Type", "text/plain")),
        403,
        "PERMISSION_DENIED");
    assertError(
        send("POST", "/api/2.0/workspace/mkdirs", body, Map.of("Cookie", cookie)),
        403,
        "PERMISSION_DENIED");
    assertError(
        server.call("GET", "/api/2.0/workspace/get-status?path=/Users/admin/csrf-probe", null),
        404,
        "RESOURCE_DOES_NOT_EXIST");

    assertOk(
        send(
            "POST",
            "/api/2.0/workspace/mkdirs",
            body,
            Map.of("Cookie", cookie, "X-Kiln-Csrf", "1", "Content-Type", "application/json")));
    assertThat(
            admin
                .workspace()
                .getStatus(new GetStatusRequest().setPath("/Users/admin/csrf-probe"))
                .getPath())
        .isEqualTo("/Users/admin/csrf-probe");
  }

  @Test
  void bearerCallsNeedNoMarker() throws Exception {
    assertOk(
        send(
            "POST",
            "/api/2.0/workspace/mkdirs",
            "{\"path\":\"/Users/admin/bearer-probe\"}",
            Map.of("Authorization", "Bearer " + server.adminToken())));
    assertOk(
        server.call("GET", "/api/2.0/workspace/get-status?path=/Users/admin/bearer-probe", null));
  }

  @Test
  void signOutClearsTheCookieAndARefusedCookieIsClearedToo() throws Exception {
    String cookie = signIn();
    HttpResponse<String> out =
        send("DELETE", SESSION, null, Map.of("Cookie", cookie, "X-Kiln-Csrf", "1"));
    assertOk(out);
    assertThat(out.headers().firstValue("Set-Cookie").orElseThrow())
        .startsWith("kiln_session=;")
        .contains("Max-Age=0");

    HttpResponse<String> stale =
        send(
            "GET", "/api/2.0/preview/scim/v2/Me", null, Map.of("Cookie", "kiln_session=dapi-gone"));
    assertError(stale, 401, "UNAUTHENTICATED");
    assertThat(stale.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
  }

  @Test
  void everyAnswerUnderTheProxyIsSandboxedErrorsToo() throws Exception {
    String bearer = "Bearer " + server.adminToken();
    List<HttpResponse<String>> answers =
        List.of(
            send("GET", "/driver-proxy/no-such-cluster/", null, Map.of()),
            send(
                "GET",
                "/driver-proxy/no-such-cluster/jobs/",
                null,
                Map.of("Authorization", bearer)),
            send("GET", "/driver-proxy/no-such-cluster/_t/1.2.forged/jobs/", null, Map.of()),
            send("GET", "/driver-proxy", null, Map.of("Accept", "text/html")),
            send("GET", "/driver-proxy/", null, Map.of("Accept", "text/html")),
            send(
                "POST",
                "/driver-proxy/no-such-cluster/jobs/",
                "x",
                Map.of("Authorization", bearer)),
            // A CORS preflight is granted on a valid ticket path only.
            send("OPTIONS", "/driver-proxy/no-such-cluster/_t/1.2.forged/api/v1/x", null, Map.of()),
            send("OPTIONS", "/driver-proxy/no-such-cluster/api/v1/x", null, Map.of()));
    for (HttpResponse<String> answer : answers) {
      assertThat(answer.statusCode()).as(answer.uri().toString()).isGreaterThanOrEqualTo(400);
      assertThat(answer.headers().firstValue("Content-Security-Policy"))
          .as(answer.uri().toString())
          .hasValueSatisfying(csp -> assertThat(csp).startsWith(SANDBOX));
      assertThat(answer.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      // Never Kiln's own app (the page fallback) at a proxy path.
      assertThat(answer.body()).doesNotContain("<div id=\"root\">");
    }
    assertError(answers.get(0), 401, "UNAUTHENTICATED");
    assertError(answers.get(1), 404, "RESOURCE_DOES_NOT_EXIST");
    assertThat(assertError(answers.get(2), 401, "UNAUTHENTICATED")).contains("expired");
    assertError(answers.get(6), 401, "UNAUTHENTICATED");
    assertThat(answers.get(6).headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    assertError(answers.get(7), 401, "UNAUTHENTICATED");
  }

  @Test
  void kilnPagesCannotLoadTheProxyAsAScript() throws Exception {
    String cookie = signIn();
    HttpResponse<String> asScript =
        send(
            "GET",
            "/driver-proxy/no-such-cluster/evil.js",
            null,
            Map.of("Cookie", cookie, "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Dest", "script"));
    assertError(asScript, 403, "PERMISSION_DENIED");
    HttpResponse<String> asPage =
        send(
            "GET",
            "/driver-proxy/no-such-cluster/",
            null,
            Map.of(
                "Cookie", cookie, "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Dest", "document"));
    assertError(asPage, 404, "RESOURCE_DOES_NOT_EXIST");
  }
}
