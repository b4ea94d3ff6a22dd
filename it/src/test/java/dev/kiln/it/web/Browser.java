package dev.kiln.it.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.kiln.it.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assertions;

/**
 * Debian's headless Chromium driven by Playwright for Java, whose driver ships in its jar; it never
 * downloads a browser. One browser per test class; each test gets a fresh context (its own
 * localStorage, so its own sign-in).
 */
final class Browser implements AutoCloseable {
  static final Path CHROMIUM =
      Path.of(System.getProperty("kiln.test.chromium", "/usr/bin/chromium"));
  static final Path SCREENSHOTS = Path.of("target", "screenshots");

  private final Playwright playwright;
  private final com.microsoft.playwright.Browser browser;

  private Browser(Playwright playwright, com.microsoft.playwright.Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /**
   * Fails the class when Chromium is not installed: a missing browser must fail CI, not skip the UI
   * tests (the test command installs it).
   */
  static Browser launch() {
    Assertions.assertTrue(
        Files.isExecutable(CHROMIUM),
        CHROMIUM
            + " is missing: the web UI tests need Debian's chromium; install it with"
            + " scripts/setup.sh --browser (./kiln test runs that)");
    Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      com.microsoft.playwright.Browser browser =
          playwright
              .chromium()
              .launch(
                  new BrowserType.LaunchOptions()
                      .setExecutablePath(CHROMIUM)
                      .setHeadless(true)
                      .setArgs(
                          List.of(
                              "--no-sandbox",
                              "--disable-gpu",
                              "--disable-quic",
                              "--no-first-run",
                              "--disable-background-networking",
                              "--disable-component-update",
                              "--disable-sync",
                              "--disable-dev-shm-usage")));
      return new Browser(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  /** A new page in a fresh context, 1280x860, downloads accepted. */
  Page newPage() {
    BrowserContext context =
        browser.newContext(
            new com.microsoft.playwright.Browser.NewContextOptions()
                .setViewportSize(1280, 860)
                .setAcceptDownloads(true));
    context.setDefaultTimeout(15_000);
    return context.newPage();
  }

  /** Opens the UI and signs in with the token; waits until the user's name shows. */
  static Page signIn(Page page, TestServer server, String token) {
    page.navigate(server.url() + "/");
    page.locator("input[name=token]").fill(token);
    page.locator("button[type=submit]").click();
    assertThat(page.getByTestId("whoami")).isVisible();
    return page;
  }

  static void screenshot(Page page, String name) {
    try {
      Files.createDirectories(SCREENSHOTS);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    page.screenshot(
        new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve(name + ".png")).setFullPage(true));
  }

  static void closeContext(Page page) {
    page.context().close();
  }

  @Override
  public void close() {
    browser.close();
    playwright.close();
  }
}
