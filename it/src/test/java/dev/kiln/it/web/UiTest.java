package dev.kiln.it.web;

import com.databricks.sdk.WorkspaceClient;
import com.microsoft.playwright.Page;
import dev.kiln.it.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The base of a UI test class: one server and one browser for the class, a page per test. */
abstract class UiTest {
  static TestServer server;
  static WorkspaceClient admin;
  static Browser browser;
  Page page;

  @BeforeAll
  static void start() {
    browser = Browser.launch();
    server = TestServer.start();
    admin = server.client();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
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
}
