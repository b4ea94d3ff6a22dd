package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Locator;
import org.junit.jupiter.api.Test;

/**
 * Compute and Jobs pages on an empty workspace. Until the jobs API is served, its page must say so
 * in plain words; once it is, the list shows. (The cluster pages on a real cluster: {@link
 * ClusterPagesUiIT}.)
 */
class ComputeUiIT extends UiTest {
  @Test
  void computeShowsAnEmptyClusterListAndTheForm() {
    signedIn();
    page.navigate(url("/compute"));
    assertThat(page.getByTestId("cluster-list")).containsText("No clusters.");
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
