package dev.kiln.it;

import com.databricks.sdk.WorkspaceClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The base of an integration test class: one real server for the class, and its admin's SDK. */
abstract class ServerIT {
  static TestServer server;
  static WorkspaceClient admin;

  @BeforeAll
  static void startServer() {
    server = TestServer.start();
    admin = server.client();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }
}
