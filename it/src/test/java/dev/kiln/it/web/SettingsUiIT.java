package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.workspace.CreateScope;
import com.databricks.sdk.service.workspace.PutSecret;
import org.junit.jupiter.api.Test;

/** Settings: tokens (created once, revoked), secret scopes (names and keys only), users. */
class SettingsUiIT extends UiTest {
  private static final String ME = "/api/2.0/preview/scim/v2/Me";

  @Test
  void createATokenSeeItOnceUseItAndRevokeIt() {
    signedIn();
    page.navigate(url("/settings?tab=tokens"));
    page.getByText("Generate new token").click();
    page.locator(".modal input[name=comment]").fill("from the browser");
    page.locator(".modal button[type=submit]").click();
    String token = page.getByTestId("new-token-value").textContent().trim();
    assertThat(token).isNotEmpty();
    assertThat(server.call("GET", ME, null, token).statusCode()).isEqualTo(200);
    Browser.screenshot(page, "settings-tokens");

    page.locator(
            "tr", new com.microsoft.playwright.Page.LocatorOptions().setHasText("from the browser"))
        .getByText("Revoke")
        .click();
    page.locator(".modal button.danger").click();
    assertThat(page.getByTestId("token-list")).not().containsText("from the browser");
    assertThat(server.call("GET", ME, null, token).statusCode()).isEqualTo(401);
  }

  @Test
  void secretScopesShowKeysButNoValues() {
    admin.secrets().createScope(new CreateScope().setScope("ui-scope"));
    admin
        .secrets()
        .putSecret(
            new PutSecret().setScope("ui-scope").setKey("db-password").setStringValue("hunter2"));
    signedIn();
    page.navigate(url("/settings?tab=secrets"));
    page.locator("tr[data-scope='ui-scope'] button.link").first().click();
    assertThat(page.getByTestId("secret-keys")).containsText("db-password");
    assertThat(page.locator("body")).not().containsText("hunter2");
    Browser.screenshot(page, "settings-secrets");

    page.getByText("Create scope").click();
    page.locator(".modal input[name=value]").fill("made-in-ui");
    page.locator(".modal button[type=submit]").click();
    assertThat(page.locator("tr[data-scope='made-in-ui']")).isVisible();
    page.locator("tr[data-scope='made-in-ui']").getByText("Delete").click();
    page.locator(".modal button.danger").click();
    assertThat(page.locator("tr[data-scope='made-in-ui']")).hasCount(0);
  }

  @Test
  void adminsManageUsers() {
    signedIn();
    page.navigate(url("/settings?tab=users"));
    assertThat(page.locator("tr[data-user='admin']")).isVisible();
    page.getByText("Add user").click();
    page.locator(".modal input[name=userName]").fill("ann@example.com");
    page.locator(".modal input[name=displayName]").fill("Ann");
    page.locator(".modal button[type=submit]").click();
    assertThat(page.locator("tr[data-user='ann@example.com']")).containsText("Ann");
    Browser.screenshot(page, "settings-users");
    page.locator("tr[data-user='ann@example.com']").getByText("Delete").click();
    page.locator(".modal button.danger").click();
    assertThat(page.locator("tr[data-user='ann@example.com']")).hasCount(0);
  }
}
