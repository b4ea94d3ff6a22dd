package dev.kiln.server.dbfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DbfsMultipartReaderTest {
  static final String BOUNDARY = "b0undary-XyZ";
  @TempDir Path staging;

  /** A stream that hands out at most {@code chunk} bytes per read, to split every token. */
  static final class Trickle extends InputStream {
    private final ByteArrayInputStream in;
    private final int chunk;

    Trickle(byte[] bytes, int chunk) {
      this.in = new ByteArrayInputStream(bytes);
      this.chunk = chunk;
    }

    @Override
    public int read() {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
      return in.read(b, off, Math.min(len, chunk));
    }
  }

  /** A parsed part; a class, not a record, because it holds an array. */
  static final class Part {
    private final String headers;
    private final byte[] body;

    Part(String headers, byte[] body) {
      this.headers = headers;
      this.body = body;
    }

    String headers() {
      return headers;
    }

    byte[] body() {
      return body;
    }
  }

  static byte[] body(String... pieces) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (String piece : pieces) {
      out.writeBytes(piece.getBytes(StandardCharsets.ISO_8859_1));
    }
    return out.toByteArray();
  }

  static String part(String name, String content) {
    return "--"
        + BOUNDARY
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\"\r\n\r\n"
        + content
        + "\r\n";
  }

  static String end() {
    return "--" + BOUNDARY + "--\r\n";
  }

  /** Every part, with bodies read through writeBody into staged files. */
  List<Part> parse(byte[] body, int chunk, int bufferBytes) throws IOException {
    MultipartReader reader =
        new MultipartReader(
            MultipartReader.sourceOf(new Trickle(body, chunk)),
            BOUNDARY.getBytes(StandardCharsets.US_ASCII),
            bufferBytes);
    List<Part> parts = new ArrayList<>();
    for (String headers; (headers = reader.nextPart()) != null; ) {
      try (StagedFile staged = StagedFile.create(staging)) {
        long n = reader.writeBody(staged);
        staged.finish();
        byte[] bytes = Files.readAllBytes(staged.file());
        assertThat(bytes).hasSize((int) n);
        parts.add(new Part(headers, bytes));
      }
    }
    return parts;
  }

  List<Part> parse(byte[] body) throws IOException {
    return parse(body, Integer.MAX_VALUE, 1 << 20);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7, 13, 64, 8192, Integer.MAX_VALUE})
  void partsSurviveAnyChunking(int chunk) throws IOException {
    byte[] body =
        body(part("path", "/a/b"), part("overwrite", "True"), part("file", "hi\r\nthere"), end());
    List<Part> parts = parse(body, chunk, 1 << 20);
    assertThat(parts).hasSize(3);
    assertThat(parts.get(0).headers())
        .isEqualTo("Content-Disposition: form-data; name=\"path\"\r\n\r\n");
    assertThat(new String(parts.get(0).body(), StandardCharsets.UTF_8)).isEqualTo("/a/b");
    assertThat(new String(parts.get(1).body(), StandardCharsets.UTF_8)).isEqualTo("True");
    assertThat(new String(parts.get(2).body(), StandardCharsets.UTF_8)).isEqualTo("hi\r\nthere");
  }

  @Test
  void dataThatAlmostContainsTheBoundaryIsKept() throws IOException {
    String tricky =
        "\r\n--"
            + BOUNDARY.substring(0, 5)
            + "\r\n--"
            + BOUNDARY.substring(0, BOUNDARY.length() - 1)
            + "!\r\n-"
            + "--"
            + BOUNDARY
            + "\r"
            + "\r\n--\r\n"
            + BOUNDARY
            + "\r\n\r";
    for (int chunk : new int[] {1, 5, 17, Integer.MAX_VALUE}) {
      List<Part> parts = parse(body(part("file", tricky), end()), chunk, 1 << 20);
      assertThat(parts).hasSize(1);
      assertThat(new String(parts.get(0).body(), StandardCharsets.ISO_8859_1)).isEqualTo(tricky);
    }
  }

  @Test
  void randomBodiesFullOfDelimiterFragmentsParseExactly() throws IOException {
    Random random = new Random(42);
    String delimiter = "\r\n--" + BOUNDARY;
    String[] fragments = {
      "\r", "\n", "-", "--", "\r\n", "\r\n-", "\r\n--", "x", "\u00e9", "b0un", BOUNDARY
    };
    for (int round = 0; round < 300; round++) {
      List<byte[]> contents = new ArrayList<>();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      int partCount = 1 + random.nextInt(4);
      for (int p = 0; p < partCount; p++) {
        StringBuilder content = new StringBuilder();
        int pieces = random.nextInt(200);
        for (int k = 0; k < pieces; k++) {
          content.append(
              random.nextInt(4) == 0
                  ? delimiter.substring(0, 1 + random.nextInt(delimiter.length() - 1))
                  : fragments[random.nextInt(fragments.length)]);
        }
        String text = content.toString().replace(delimiter, "!");
        contents.add(text.getBytes(StandardCharsets.ISO_8859_1));
        body.writeBytes(body(part("p" + p, text)));
      }
      body.writeBytes(body(end()));
      int chunk = 1 + random.nextInt(300);
      List<Part> parts = parse(body.toByteArray(), chunk, 1 + random.nextInt(1 << 17));
      assertThat(parts).as("round %d", round).hasSize(partCount);
      for (int p = 0; p < partCount; p++) {
        assertThat(parts.get(p).body()).as("round %d part %d", round, p).isEqualTo(contents.get(p));
      }
    }
  }

  @Test
  void largeRandomBodiesCrossManyBufferFills() throws IOException {
    byte[] data = new byte[3 * 1024 * 1024 + 77];
    new Random(7).nextBytes(data);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(
        body(
            part("path", "/x"),
            "--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
    out.writeBytes(data);
    out.writeBytes(body("\r\n", end()));
    for (int chunk : new int[] {8192, 65536 + 3, Integer.MAX_VALUE}) {
      List<Part> parts = parse(out.toByteArray(), chunk, 256 * 1024);
      assertThat(parts).hasSize(2);
      assertThat(parts.get(1).headers()).contains("filename=\"x.bin\"");
      assertThat(parts.get(1).body()).isEqualTo(data);
    }
  }

  @Test
  void preambleEpilogueEmptyPartsAndPaddingAreHandled() throws IOException {
    byte[] body =
        body(
            "This is the preamble.\r\n",
            "--" + BOUNDARY + "  \t\r\n",
            "Content-Disposition: form-data; name=\"empty\"\r\n\r\n",
            "\r\n",
            "--" + BOUNDARY + "\r\n",
            "\r\n",
            "no headers at all\r\n",
            end(),
            "This is the epilogue, ignored.\r\n--" + BOUNDARY + "\r\n");
    List<Part> parts = parse(body, 3, 1 << 20);
    assertThat(parts).hasSize(2);
    assertThat(parts.get(0).body()).isEmpty();
    assertThat(parts.get(1).headers()).isEqualTo("\r\n");
    assertThat(new String(parts.get(1).body(), StandardCharsets.UTF_8))
        .isEqualTo("no headers at all");
  }

  @Test
  void partsCanBeSkippedAndFieldsReadAsText() throws IOException {
    byte[] body = body(part("skip", "x".repeat(5000)), part("path", " /p \r\n"), end());
    MultipartReader reader =
        new MultipartReader(
            MultipartReader.sourceOf(new Trickle(body, 100)),
            BOUNDARY.getBytes(StandardCharsets.US_ASCII),
            1 << 16);
    assertThat(reader.nextPart()).contains("skip");
    assertThat(reader.nextPart()).contains("path");
    assertThat(reader.readText(100)).isEqualTo(" /p \r\n");
    assertThat(reader.nextPart()).isNull();
    assertThat(reader.nextPart()).isNull();
  }

  @Test
  void oversizeFieldsAreMalformed() {
    byte[] body = body(part("path", "y".repeat(200)), end());
    MultipartReader reader =
        new MultipartReader(
            MultipartReader.sourceOf(new ByteArrayInputStream(body)),
            BOUNDARY.getBytes(StandardCharsets.US_ASCII),
            1 << 16);
    assertThatThrownBy(
            () -> {
              reader.nextPart();
              reader.readText(100);
            })
        .isInstanceOf(MultipartReader.MalformedException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "no boundary anywhere",
        "--b0undary-XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\ncut short",
        "--b0undary-XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\ndata\r\n--b0undary-XyZ",
        "--b0undary-XyZ\r\nContent-Disposition: form-data; name=\"file\"",
        "--b0undary-XyZ garbage\r\n\r\nx\r\n--b0undary-XyZ--",
        "--b0undary-XyZ",
      })
  void truncatedOrGarbledBodiesAreMalformed(String raw) {
    assertThatThrownBy(() -> parse(body(raw)))
        .isInstanceOf(MultipartReader.MalformedException.class);
  }

  @Test
  void endlessHeadersAreMalformed() {
    byte[] body = body("--" + BOUNDARY + "\r\n", "X-Long: " + "h".repeat(40_000));
    assertThatThrownBy(() -> parse(body)).isInstanceOf(MultipartReader.MalformedException.class);
  }
}
