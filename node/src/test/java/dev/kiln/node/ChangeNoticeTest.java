package dev.kiln.node;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChangeNoticeTest {
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer controlPlane;

  @BeforeEach
  void start() throws Exception {
    controlPlane = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    controlPlane.createContext(
        "/",
        exchange -> {
          received.add(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI().getPath()
                  + " "
                  + exchange.getRequestHeaders().getFirst("X-Kiln-Instance")
                  + " "
                  + exchange.getRequestHeaders().getFirst("Authorization"));
          try {
            release.await(5, TimeUnit.SECONDS); // holds the first notice on its way
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    controlPlane.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    controlPlane.stop(0);
  }

  private String url() {
    return "http://127.0.0.1:" + controlPlane.getAddress().getPort() + "/";
  }

  @Test
  void aChangeIsPostedWithTheNodesCredentials() throws Exception {
    ChangeNotice notice = new ChangeNotice(url(), "i-1", "s3cret");
    release.countDown();

    notice.changed();

    await(() -> received.size() == 1);
    assertThat(received).containsExactly("POST /api/2.0/kiln/node/changed i-1 Bearer s3cret");
    notice.close();
  }

  @Test
  void changesWhileANoticeIsOnItsWayAreToldOnceAfterIt() throws Exception {
    ChangeNotice notice = new ChangeNotice(url(), "i-1", "s3cret");
    notice.changed();
    await(() -> received.size() == 1);

    notice.changed();
    notice.changed();
    notice.changed();
    release.countDown();

    await(() -> received.size() == 2);
    Thread.sleep(300);
    assertThat(received).hasSize(2);
    notice.close();
  }

  @Test
  void withoutAControlPlaneOrOnceClosedNothingIsSent() throws Exception {
    release.countDown();
    new ChangeNotice(null, "i-1", "s3cret").changed();
    ChangeNotice closed = new ChangeNotice(url(), "i-1", "s3cret");
    closed.close();
    closed.changed();

    Thread.sleep(300);
    assertThat(received).isEmpty();
  }

  private static void await(java.util.function.BooleanSupplier condition) throws Exception {
    for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }
}
