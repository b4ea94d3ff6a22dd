package dev.kiln.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.node.NodeRole;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeServerTest {
  @TempDir Path dir;
  private final AtomicInteger contacts = new AtomicInteger();
  private final AtomicInteger stops = new AtomicInteger();
  private final NodeState state = new NodeState("i-1", NodeRole.DRIVER, 1, 2);
  private NodeServer server;

  @BeforeEach
  void start() throws Exception {
    server =
        NodeServer.start(
            "s3cret", contacts::incrementAndGet, state::status, stops::incrementAndGet);
  }

  @AfterEach
  void close() {
    server.close();
  }

  @Test
  void noTokenIs401AndNoContact() throws Exception {
    HttpResponse<String> response = Http.call(server.port(), "GET", "/status", null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.body()).contains("\"error_code\":\"UNAUTHENTICATED\"");
    assertThat(contacts.get()).isZero();
  }

  @Test
  void wrongTokenIs401() throws Exception {
    assertThat(Http.call(server.port(), "GET", "/status", "s3cre").statusCode()).isEqualTo(401);
    assertThat(Http.call(server.port(), "POST", "/stop", "other").statusCode()).isEqualTo(401);
    assertThat(stops.get()).isZero();
  }

  @Test
  void statusWithTokenCountsAsContact() throws Exception {
    HttpResponse<String> response = Http.call(server.port(), "GET", "/status", "s3cret");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"phase\":\"STARTING\"", "\"instance_id\":\"i-1\"");
    assertThat(contacts.get()).isEqualTo(1);
  }

  @Test
  void stopAnswersEmptyObjectThenStops() throws Exception {
    HttpResponse<String> response = Http.call(server.port(), "POST", "/stop", "s3cret");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo("{}");
    // The stop runs after the answer, on another thread.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (stops.get() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(stops.get()).isEqualTo(1);
  }

  @Test
  void unknownRouteIs404() throws Exception {
    assertThat(Http.call(server.port(), "GET", "/stop", "s3cret").statusCode()).isEqualTo(404);
  }

  @Test
  void portFileHoldsThePort() throws Exception {
    Path file = dir.resolve("node.port");

    server.writePortFile(file);

    assertThat(Files.readString(file)).isEqualTo(Integer.toString(server.port()));
    assertThat(dir.resolve("node.port.tmp")).doesNotExist();
  }
}
