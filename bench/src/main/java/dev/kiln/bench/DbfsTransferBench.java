package dev.kiln.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.it.EndpointNotAvailable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A large file through DBFS the ways the CLIs move it: one multipart {@code put}, {@code
 * create}/{@code add-block}/{@code close}, and {@code read} in 1 MiB chunks; next to {@code cp} of
 * the same file on the same disk.
 */
final class DbfsTransferBench implements Benchmark {
  private static final int BLOCK = 1 << 20;
  private static final String DBFS = "/api/2.0/dbfs/";
  private static final String DIR = "/bench-transfer";

  /**
   * Transfers warm up this many times --warmup: a fresh server compiles their paths for about 20 s
   * (a 20 s warm-up took blocks from 228 to 272 MiB/s and the server's CPU from 4.0 to 2.7 s).
   */
  private static final int WARMUP_FACTOR = 4;

  /** The file moved each way once at the start of the warm-up. */
  private static final int WARMUP_MIB = 64;

  /** The warm-up's small calls: blocks and reads of 4 KiB, of a 256 KiB file. */
  private static final int SMALL_BLOCK = 4 << 10;

  private static final int SMALL_FILE = 256 << 10;

  /** What each transfer is measured against: its size, cp's time, and the server to watch. */
  private record Yardstick(long bytes, double cpSeconds, long serverPid) {}

  @Override
  public String name() {
    return "dbfs-transfer";
  }

  @Override
  public Section section() {
    return Section.TRANSFER;
  }

  @Override
  public List<Row> run(Context context) throws IOException, InterruptedException {
    Api api = context.api();
    TransferClient http =
        new TransferClient(
            context.server().url(), context.server().adminToken(), Duration.ofMinutes(5));
    long bytes = (long) context.options().dbfsMib() * BLOCK;
    String size = context.options().dbfsMib() + " MiB";
    Path source = context.work().resolve("source.bin");
    Path copy = context.work().resolve("copy.bin");
    List<Row> rows = new ArrayList<>();
    try {
      LocalFiles.writeRandom(source, bytes, BLOCK);
      double cp = Cp.medianSeconds(source, copy, 3);
      rows.add(row("cp (median of 3), " + size, bytes, cp, cp, "-", "-"));
      Yardstick y = new Yardstick(bytes, cp, context.server().pid());
      String put = "multipart put, " + size;
      String blocks = "create + add-block (1 MiB) + close, " + size;
      String read = "read (1 MiB chunks) into a file, " + size;
      try {
        api.post(DBFS + "mkdirs", "{\"path\":" + Api.quote(DIR) + "}");
      } catch (EndpointNotAvailable e) {
        for (String name : List.of(put, blocks, read)) {
          rows.add(Row.missing(Section.TRANSFER, name, e.getMessage()));
        }
        return rows;
      }
      warmUp(
          http,
          context.work(),
          Math.min(WARMUP_MIB, context.options().dbfsMib()),
          WARMUP_FACTOR * context.options().warmupSeconds());
      Machine.awaitQuiet(context.server().pid(), Duration.ofSeconds(30));
      rows.add(
          measure(
              y,
              put,
              0.5,
              () -> put(http, source, DIR + "/put.bin"),
              () -> checkSize(api, DIR + "/put.bin", bytes)));
      rows.add(
          measure(
              y,
              blocks,
              0.25,
              () -> addBlocks(http, source, DIR + "/blocks.bin"),
              () -> {
                checkSize(api, DIR + "/blocks.bin", bytes);
                checkContent(http, DIR + "/blocks.bin", source, copy); // the server's decoding
              }));
      rows.add(
          measure(
              y,
              read,
              0,
              () -> read(http, DIR + "/put.bin", bytes, copy),
              () -> {
                if (!LocalFiles.sameContent(source, copy)) {
                  throw new IllegalStateException("the download differs from the upload");
                }
              }));
      if (Curl.installed()) {
        Path answer = context.work().resolve("curl-answer.json");
        rows.add(
            measure(
                y,
                "multipart put by curl (reference, not a goal), " + size,
                0,
                () ->
                    Curl.put(
                        context.server().url() + DBFS + "put",
                        context.server().adminToken(),
                        source,
                        DIR + "/curl.bin",
                        answer),
                () -> checkSize(api, DIR + "/curl.bin", bytes)));
      }
    } finally {
      Files.deleteIfExists(source);
      Files.deleteIfExists(copy);
      cleanUp(api);
    }
    return rows;
  }

  /**
   * Every transfer, untimed: once on a {@code mib} file, then with small blocks for {@code
   * seconds}. A fresh server compiles its request paths for many seconds after load begins (perf
   * showed its JIT at 30-70% of a core through the measurements); small calls reach the compile
   * thresholds quickly. The tables are about the steady state, as the latency benchmarks' are.
   */
  private static void warmUp(TransferClient http, Path work, int mib, int seconds)
      throws IOException {
    Path file = work.resolve("warm-up.bin");
    Path back = work.resolve("warm-up-back.bin");
    String path = DIR + "/warm-up.bin";
    long bytes = (long) mib * BLOCK;
    try {
      LocalFiles.writeRandom(file, bytes, BLOCK);
      put(http, file, path);
      addBlocks(http, file, path);
      read(http, path, bytes, back);
      LocalFiles.writeRandom(file, SMALL_FILE, SMALL_BLOCK);
      long end = System.nanoTime() + seconds * 1_000_000_000L;
      while (System.nanoTime() < end) {
        put(http, file, path);
        addBlocks(http, file, path, SMALL_BLOCK);
        read(http, path, SMALL_FILE, back, SMALL_BLOCK);
      }
      http.post(DBFS + "delete", "{\"path\":" + Api.quote(path) + "}");
    } finally {
      Files.deleteIfExists(file);
      Files.deleteIfExists(back);
    }
  }

  /** A row for one transfer, or why there is none; {@code goal} is a fraction of cp's speed. */
  private static Row measure(
      Yardstick y, String name, double goal, Transfer transfer, Runnable check) {
    try {
      double cpu = Machine.cpuSeconds(y.serverPid());
      double seconds = time(transfer);
      cpu = Machine.cpuSeconds(y.serverPid()) - cpu;
      check.run();
      String verdict =
          goal == 0
              ? "-"
              : String.format(
                  Locale.ROOT,
                  ">= %.0f%% of cp: %s",
                  goal * 100,
                  y.cpSeconds() / seconds >= goal ? "met" : "MISSED");
      return row(
          name,
          y.bytes(),
          seconds,
          y.cpSeconds(),
          verdict,
          String.format(Locale.ROOT, "%.1f", cpu));
    } catch (IOException | RuntimeException e) {
      return Row.missing(Section.TRANSFER, name, "failed: " + e);
    }
  }

  private static Row row(
      String name, long bytes, double seconds, double cpSeconds, String goal, String serverCpu) {
    return Row.of(
        Section.TRANSFER,
        name,
        String.format(Locale.ROOT, "%.0f", bytes / (double) BLOCK / seconds),
        String.format(Locale.ROOT, "%.2f", seconds),
        String.format(Locale.ROOT, "%.0f%%", 100 * cpSeconds / seconds),
        goal,
        serverCpu);
  }

  /** One transfer, to be timed. */
  private interface Transfer {
    void run() throws IOException;
  }

  private static double time(Transfer transfer) throws IOException {
    long start = System.nanoTime();
    transfer.run();
    return (System.nanoTime() - start) / 1e9;
  }

  /** What {@code databricks fs cp} does below 2 GiB, Python's "True" included. */
  private static void put(TransferClient http, Path source, String path) throws IOException {
    String boundary = "kiln-" + UUID.randomUUID();
    byte[] head =
        (field(boundary, "path", path)
                + field(boundary, "overwrite", "True")
                + "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + source.getFileName()
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    long size = Files.size(source);
    http.post(
        DBFS + "put",
        "multipart/form-data; boundary=" + boundary,
        head.length + size + tail.length,
        out -> {
          out.write(head);
          try (FileChannel in = FileChannel.open(source)) {
            ByteBuffer buffer = ByteBuffer.allocate(BLOCK);
            for (int n = LocalFiles.read(in, buffer); n > 0; n = LocalFiles.read(in, buffer)) {
              out.write(buffer.array(), 0, n);
            }
          }
          out.write(tail);
        });
  }

  private static String field(String boundary, String name, String value) {
    return "--"
        + boundary
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\"\r\n\r\n"
        + value
        + "\r\n";
  }

  /**
   * What the CLIs do above 2 GiB: base64 blocks of 1 MiB, each a JSON call, the next block encoded
   * while one is sent.
   */
  private static void addBlocks(TransferClient http, Path source, String path) throws IOException {
    addBlocks(http, source, path, BLOCK);
  }

  private static void addBlocks(TransferClient http, Path source, String path, int block)
      throws IOException {
    http.post(DBFS + "create", "{\"path\":" + Api.quote(path) + ",\"overwrite\":true}");
    long handle = Api.JSON.readTree(http.answer(), 0, http.answerLength()).path("handle").asLong();
    byte[] head = ("{\"handle\":" + handle + ",\"data\":\"").getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
    try (EncodedBlocks blocks = new EncodedBlocks(source, block)) {
      for (int n = blocks.next(); n > 0; n = blocks.next()) {
        byte[] text = blocks.text();
        int length = n;
        http.post(
            DBFS + "add-block",
            "application/json",
            head.length + length + tail.length,
            out -> {
              out.write(head);
              out.write(text, 0, length);
              out.write(tail);
            });
      }
    }
    http.post(DBFS + "close", "{\"handle\":" + handle + "}");
  }

  /** What {@code databricks fs cp dbfs:/... local} does: 1 MiB reads until the file's size. */
  private static void read(TransferClient http, String path, long size, Path target)
      throws IOException {
    read(http, path, size, target, BLOCK);
  }

  private static void read(TransferClient http, String path, long size, Path target, int chunk)
      throws IOException {
    byte[] decoded = new byte[chunk + Long.BYTES];
    try (FileChannel out = LocalFiles.create(target)) {
      long offset = 0;
      while (offset < size) {
        String call =
            DBFS + "read?path=" + Api.query(path) + "&offset=" + offset + "&length=" + chunk;
        http.get(call);
        ByteBuffer data =
            ByteBuffer.wrap(decoded, 0, data(http.answer(), http.answerLength(), decoded));
        if (!data.hasRemaining()) {
          throw new IllegalStateException(call + " read nothing before the end of the file");
        }
        offset += data.remaining();
        while (data.hasRemaining()) {
          out.write(data);
        }
      }
    }
  }

  /**
   * Decodes the {@code data} of a read's answer into {@code decoded}, checked against its {@code
   * bytes_read}; its length. The JSON is parsed up to the value, whose base64 is decoded where it
   * lies.
   */
  private static int data(byte[] answer, int length, byte[] decoded) throws IOException {
    long bytesRead = -1;
    try (JsonParser json = Api.JSON.getFactory().createParser(answer, 0, length)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalStateException("a read answered no JSON object");
      }
      for (JsonToken t = json.nextToken(); t == JsonToken.FIELD_NAME; t = json.nextToken()) {
        String name = json.currentName();
        JsonToken value = json.nextToken();
        if (name.equals("bytes_read")) {
          bytesRead = json.getLongValue();
        } else if (name.equals("data") && value == JsonToken.VALUE_STRING) {
          // The string is not read yet: its location is the opening quote.
          int start = (int) json.currentTokenLocation().getByteOffset() + 1;
          int end = start;
          while (end < length && answer[end] != '"') {
            end++;
          }
          int n = FastBase64.decode(answer, start, end, decoded);
          if (n != bytesRead) {
            throw new IllegalStateException(
                "a read said bytes_read " + bytesRead + " but sent " + n);
          }
          return n;
        } else {
          json.skipChildren();
        }
      }
    }
    throw new IllegalStateException("no data in the answer of a read");
  }

  /** Downloads {@code path}, untimed, and compares it with {@code source}. */
  private static void checkContent(TransferClient http, String path, Path source, Path copy) {
    try {
      read(http, path, Files.size(source), copy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (!LocalFiles.sameContent(source, copy)) {
      throw new IllegalStateException(path + " differs from what was uploaded");
    }
  }

  private static void checkSize(Api api, String path, long bytes) {
    JsonNode status = api.get(DBFS + "get-status?path=" + Api.query(path));
    if (status.path("file_size").asLong() != bytes) {
      throw new IllegalStateException(path + " has " + status + ", not " + bytes + " bytes");
    }
  }

  private static void cleanUp(Api api) {
    try {
      api.post(DBFS + "delete", "{\"path\":" + Api.quote(DIR) + ",\"recursive\":true}");
    } catch (RuntimeException e) {
      // Not there, or no DBFS in this build: the server's home goes away at the end anyway.
    }
  }
}
