package dev.kiln.server.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StorageShimTest {
  private static final String SHIM = StorageShim.SCRIPT;

  private static String injected(String page) throws IOException {
    return injected(new ByteArrayInputStream(page.getBytes(StandardCharsets.UTF_8)));
  }

  private static String injected(InputStream page) throws IOException {
    try (InputStream in = StorageShim.inject(page)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** A page that arrives a byte at a time, counting what was read of it. */
  private static final class Trickle extends FilterInputStream {
    long read;

    Trickle(byte[] page) {
      super(new ByteArrayInputStream(page));
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, Math.min(len, 1));
      read += Math.max(n, 0);
      return n;
    }
  }

  @Test
  void theScriptGoesFirstInTheHeadBeforeThePagesOwnScripts() throws IOException {
    String page =
        "<!DOCTYPE html><html lang=\"en\"><HEAD data-x='1'><script src=\"/a.js\"></script>"
            + "</head><body>Spark</body></html>";
    assertThat(injected(page))
        .isEqualTo(
            "<!DOCTYPE html><html lang=\"en\"><HEAD data-x='1'>"
                + SHIM
                + "<script src=\"/a.js\"></script></head><body>Spark</body></html>");
  }

  @Test
  void aPageWithoutAHeadGetsItBeforeItsFirstScriptOrItsBody() throws IOException {
    assertThat(injected("<html><header>x</header><script>1</script>"))
        .isEqualTo("<html><header>x</header>" + SHIM + "<script>1</script>");
    assertThat(injected("<title>t</title><body onload=x>")).startsWith("<title>t</title>" + SHIM);
    // A tag in a comment is no tag.
    assertThat(injected("<!-- <head> <script> --><head><p>"))
        .isEqualTo("<!-- <head> <script> --><head>" + SHIM + "<p>");
  }

  @Test
  void aPageWithNoHeadScriptOrBodyGetsItAfterItsDoctypeOrFirst() throws IOException {
    assertThat(injected("<!doctype html>\n<p>hi")).isEqualTo("<!doctype html>" + SHIM + "\n<p>hi");
    assertThat(injected("plain words")).isEqualTo(SHIM + "plain words");
    assertThat(injected("")).isEqualTo(SHIM);
    assertThat(injected("\ufeff<p>")).isEqualTo("\ufeff" + SHIM + "<p>");
  }

  @Test
  void theHeadIsFoundWhenThePageArrivesByteByByteAndNothingIsLost() throws IOException {
    byte[] rest = new byte[3 * StorageShim.SCAN_LIMIT];
    Arrays.fill(rest, (byte) 'x');
    String start = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><script>";
    byte[] page =
        (start + new String(rest, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.UTF_8);
    String out = injected(new Trickle(page));
    assertThat(out).startsWith("<!DOCTYPE html><html><head>" + SHIM + "<meta charset");
    assertThat(out).hasSize(page.length + SHIM.length());
  }

  @Test
  void onlyTheBeginningIsReadAheadTheRestStreams() throws IOException {
    byte[] page = new byte[10 * 1024 * 1024];
    Arrays.fill(page, (byte) 'x');
    byte[] head = "<html><head><title>big</title>".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(head, 0, page, 0, head.length);
    Trickle body = new Trickle(page);
    try (InputStream in = StorageShim.inject(body)) {
      assertThat(body.read).isZero();
      byte[] first = in.readNBytes(head.length);
      assertThat(new String(first, StandardCharsets.US_ASCII)).startsWith("<html><head><script");
      assertThat(body.read).isLessThanOrEqualTo("<html><head>".length());
    }

    // A page with no tag to find: held up to the read-ahead's limit, then streamed.
    Arrays.fill(page, (byte) 'y');
    body = new Trickle(page);
    try (InputStream in = StorageShim.inject(body)) {
      assertThat(new String(in.readNBytes(SHIM.length()), StandardCharsets.US_ASCII))
          .isEqualTo(SHIM);
      assertThat(body.read).isEqualTo(StorageShim.SCAN_LIMIT);
    }
  }

  @Test
  void onlyHtmlAnswersGetIt() {
    assertThat(StorageShim.applies("text/html;charset=utf-8")).isTrue();
    assertThat(StorageShim.applies("Text/HTML")).isTrue();
    assertThat(StorageShim.applies("application/json")).isFalse();
    assertThat(StorageShim.applies("text/javascript")).isFalse();
    assertThat(StorageShim.applies(null)).isFalse();
  }
}
