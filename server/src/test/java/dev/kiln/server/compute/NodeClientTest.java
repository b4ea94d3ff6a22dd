package dev.kiln.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A node's answers are read up to a bound: a node runs user code, which may answer anything. */
class NodeClientTest {
  private HttpServer server;
  private NodeRow node;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/small",
        exchange -> {
          byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.createContext(
        "/huge",
        exchange -> {
          // Chunked, no Content-Length: the client only learns the size by reading.
          exchange.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[64 * 1024];
          java.util.Arrays.fill(chunk, (byte) ' ');
          try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 160; i++) { // 10 MB
              out.write(chunk);
            }
          } catch (java.io.IOException e) {
            // the client hung up, as it should
          }
        });
    server.start();
    node =
        new NodeRow(
            "i-test",
            "c-test",
            1,
            null,
            "t",
            1,
            1024,
            NodeState.LAUNCHING,
            null,
            server.getAddress().getPort(),
            "secret",
            "/tmp",
            null,
            null,
            0L,
            null,
            null,
            null,
            null,
            null,
            null,
            null);
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void anAnswerWithinTheLimitIsRead() {
    NodeClient.Answer answer = new NodeClient(1 << 20).call(node, "GET", "/small", null).get();
    assertThat(answer.status()).isEqualTo(200);
    assertThat(answer.body().path("ok").asBoolean()).isTrue();
  }

  @Test
  void anAnswerPastTheLimitIsDroppedUnread() {
    NodeClient.Answer answer = new NodeClient(1 << 20).call(node, "GET", "/huge", null).get();
    assertThat(answer.status()).isEqualTo(502);
    assertThat(answer.body().path("error_code").asText()).isEqualTo("INTERNAL_ERROR");
    assertThat(answer.body().path("message").asText())
        .contains("i-test")
        .contains("larger than 1048576 bytes");
  }
}
