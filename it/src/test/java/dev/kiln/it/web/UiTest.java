package dev.kiln.it.web;

import com.databricks.sdk.WorkspaceClient;
import com.microsoft.playwright.Page;
import dev.kiln.it.SharedCluster;
import dev.kiln.it.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;

/**
 * The base of a UI test class: one server (or the JVM's {@link SharedCluster}'s, for a class marked
 * to run on it) and one browser for the class, a page per test. A failed test leaves a screenshot
 * of its page as it was, {@code failed-<Class>-<test>.png}.
 */
@ExtendWith(UiTest.ScreenshotOnFailure.class)
abstract class UiTest {
  static TestServer server;
  static WorkspaceClient admin;
  static Browser browser;
  Page page;

  @BeforeAll
  static void start(TestInfo test) {
    browser = Browser.launch();
    server =
        SharedCluster.usedBy(test.getTestClass().orElseThrow())
            ? SharedCluster.server()
            : TestServer.start();
    admin = server.client();
  }

  @AfterAll
  static void stop(TestInfo test) {
    if (server != null && !SharedCluster.usedBy(test.getTestClass().orElseThrow())) {
      server.close();
    }
    if (browser != null) {
      browser.close();
    }
  }

  @BeforeEach
  void openPage() {
    page = browser.newPage();
  }

  @AfterEach
  void closePage() {
    Browser.closeContext(page);
  }

  /** A page signed in as the admin. */
  Page signedIn() {
    return Browser.signIn(page, server, server.adminToken());
  }

  String url(String path) {
    return server.url() + path;
  }

  /** Saves the page of a test that failed before the page is closed. */
  static final class ScreenshotOnFailure implements InvocationInterceptor {
    @Override
    public void interceptTestMethod(
        Invocation<Void> invocation,
        ReflectiveInvocationContext<java.lang.reflect.Method> call,
        ExtensionContext context)
        throws Throwable {
      try {
        invocation.proceed();
      } catch (Throwable failure) {
        if (call.getTarget().orElse(null) instanceof UiTest test && test.page != null) {
          try {
            Browser.screenshot(
                test.page,
                "failed-"
                    + context.getRequiredTestClass().getSimpleName()
                    + "-"
                    + call.getExecutable().getName());
          } catch (RuntimeException e) {
            failure.addSuppressed(e);
          }
        }
        throw failure;
      }
    }
  }
}
