package dev.kiln.it;

import com.databricks.sdk.WorkspaceClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * The base of an integration test class: one real server for the class (or the JVM's {@link
 * SharedCluster}'s, for a class marked to run on it), and its admin's SDK.
 */
abstract class ServerIT {
  static TestServer server;
  static WorkspaceClient admin;

  @BeforeAll
  static void startServer(TestInfo test) {
    server =
        SharedCluster.usedBy(test.getTestClass().orElseThrow())
            ? SharedCluster.server()
            : TestServer.start();
    admin = server.client();
  }

  @AfterAll
  static void stopServer(TestInfo test) {
    if (!SharedCluster.usedBy(test.getTestClass().orElseThrow())) {
      server.close();
    }
  }
}
