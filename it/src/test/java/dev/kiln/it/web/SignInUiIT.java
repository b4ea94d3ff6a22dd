package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Signing in and out, and how the server serves the UI beside the API. */
class SignInUiIT extends UiTest {
  @Test
  void aWrongTokenIsRefusedInPlainWords() {
    page.navigate(url("/"));
    Browser.screenshot(page, "sign-in");
    page.locator("input[name=token]").fill("dapi-not-a-token");
    page.locator("button[type=submit]").click();
    assertThat(page.getByRole(com.microsoft.playwright.options.AriaRole.ALERT))
        .containsText("UNAUTHENTICATED");
  }

  @Test
  void signInShowsWhoIAmAndSignOutForgetsTheToken() {
    signedIn();
    assertThat(page.getByTestId("whoami")).hasText("Kiln admin");
    assertThat(page).hasURL(url("/workspace/Users/admin"));
    page.reload();
    assertThat(page.getByTestId("whoami")).isVisible();
    page.getByText("Sign out").click();
    assertThat(page.locator("input[name=token]")).isVisible();
    page.reload();
    assertThat(page.locator("input[name=token]")).isVisible();
  }

  @Test
  void clientRoutesLoadTheAppAndApiPathsStayJson() throws Exception {
    Response deep = page.navigate(url("/settings?tab=tokens"));
    assertThat(deep.status()).isEqualTo(200);
    assertThat(deep.headers().get("content-type")).startsWith("text/html");
    assertThat(deep.headers().get("content-security-policy")).contains("script-src 'self'");

    HttpResponse<String> api = server.call("GET", "/api/2.0/no-such-api", null);
    assertThat(api.statusCode()).isEqualTo(404);
    assertThat(api.body()).contains("ENDPOINT_NOT_FOUND");
    HttpResponse<String> wrongMethod = server.call("DELETE", "/api/2.0/token/list", null);
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
    HttpResponse<String> page404 = server.call("GET", "/assets/missing.js", null, null);
    assertThat(page404.statusCode()).isEqualTo(404);
    HttpResponse<String> index = get("/some/client/route", "text/html,*/*;q=0.8");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.body()).contains("<div id=\"root\">");
    // SDKs probe paths outside /api/ (OIDC discovery) and must keep getting JSON.
    HttpResponse<String> probe =
        get("/oidc/.well-known/oauth-authorization-server", "application/json");
    assertThat(probe.statusCode()).isEqualTo(404);
    assertThat(probe.body()).contains("ENDPOINT_NOT_FOUND");
  }

  private static HttpResponse<String> get(String path, String accept) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.url() + path))
                .header("Accept", accept)
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }
}
