package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;

/**
 * Compute and Jobs pages. Until the clusters and jobs APIs are served, they must say so in plain
 * words; once they are, the list shows.
 */
class ComputeUiIT extends UiTest {
  @Test
  void computeShowsTheClusterListOrWhyNot() {
    signedIn();
    page.navigate(url("/compute"));
    Locator answer =
        page.getByTestId("cluster-list")
            .or(
                page.locator(".error")
                    .filter(new Locator.FilterOptions().setHasText("ENDPOINT_NOT_FOUND")));
    assertThat(answer.first()).isVisible();
    Browser.screenshot(page, "compute");
    page.navigate(url("/compute/create"));
    assertThat(page.locator("input[name=cluster_name]")).isVisible();
    Browser.screenshot(page, "compute-create");
  }

  @Test
  void jobsShowsTheJobListOrWhyNot() {
    signedIn();
    page.navigate(url("/jobs"));
    Locator answer =
        page.getByTestId("job-list")
            .or(
                page.locator(".error")
                    .filter(new Locator.FilterOptions().setHasText("ENDPOINT_NOT_FOUND")));
    assertThat(answer.first()).isVisible();
    Browser.screenshot(page, "jobs");
  }
}
