package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import org.junit.jupiter.api.Test;

/** Signing in and out. How the server serves the UI is in {@code WebUiPagesIT}. */
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
  void aClientRouteLoadsTheAppAndADeepLinkSurvivesSignIn() {
    page.navigate(url("/settings?tab=secrets"));
    page.locator("input[name=token]").fill(server.adminToken());
    page.locator("button[type=submit]").click();
    assertThat(page.getByTestId("scope-list")).isVisible();
    assertThat(page).hasURL(url("/settings?tab=secrets"));
  }
}
