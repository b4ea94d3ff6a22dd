package dev.kiln.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.it.EndpointNotAvailable;
import dev.kiln.it.Multipart;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * A large file through DBFS the ways the CLIs move it: one multipart {@code put}, {@code
 * create}/{@code add-block}/{@code close}, and {@code read} in 1 MiB chunks; next to {@code cp} of
 * the same file on the same disk.
 */
final class DbfsTransferBench implements Benchmark {
  private static final int BLOCK = 1 << 20;
  private static final String DBFS = "/api/2.0/dbfs/";
  private static final String DIR = "/bench-transfer";

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
      rows.add(
          measure(
              y,
              put,
              0.5,
              () -> put(api, source, DIR + "/put.bin"),
              () -> checkSize(api, DIR + "/put.bin", bytes)));
      rows.add(
          measure(
              y,
              blocks,
              0.25,
              () -> addBlocks(api, source, DIR + "/blocks.bin"),
              () -> checkSize(api, DIR + "/blocks.bin", bytes)));
      rows.add(
          measure(
              y,
              read,
              0,
              () -> read(api, DIR + "/put.bin", bytes, copy),
              () -> {
                if (!LocalFiles.sameContent(source, copy)) {
                  throw new IllegalStateException("the download differs from the upload");
                }
              }));
    } finally {
      Files.deleteIfExists(source);
      Files.deleteIfExists(copy);
      cleanUp(api);
    }
    return rows;
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
  private static void put(Api api, Path source, String path) throws IOException {
    Multipart form =
        new Multipart().field("path", path).field("overwrite", "True").file("file", source);
    Api.ok(
        api.send(
            "POST",
            DBFS + "put",
            form.body(),
            form.contentType(),
            HttpResponse.BodyHandlers.ofString()));
  }

  /** What the CLIs do above 2 GiB: base64 blocks of 1 MiB, each a JSON call. */
  private static void addBlocks(Api api, Path source, String path) throws IOException {
    long handle =
        api.post(DBFS + "create", "{\"path\":" + Api.quote(path) + ",\"overwrite\":true}")
            .path("handle")
            .asLong();
    byte[] head = ("{\"handle\":" + handle + ",\"data\":\"").getBytes(StandardCharsets.UTF_8);
    byte[] tail = "\"}".getBytes(StandardCharsets.UTF_8);
    try (FileChannel in = FileChannel.open(source)) {
      ByteBuffer block = ByteBuffer.allocate(BLOCK);
      for (int n = LocalFiles.read(in, block); n > 0; n = LocalFiles.read(in, block)) {
        byte[] data = Base64.getEncoder().encode(Arrays.copyOf(block.array(), n));
        HttpRequest.BodyPublisher body =
            HttpRequest.BodyPublishers.concat(
                HttpRequest.BodyPublishers.ofByteArray(head),
                HttpRequest.BodyPublishers.ofByteArray(data),
                HttpRequest.BodyPublishers.ofByteArray(tail));
        Api.ok(
            api.send(
                "POST",
                DBFS + "add-block",
                body,
                "application/json",
                HttpResponse.BodyHandlers.ofString()));
      }
    }
    api.post(DBFS + "close", "{\"handle\":" + handle + "}");
  }

  /** What {@code databricks fs cp dbfs:/... local} does: 1 MiB reads until the file's size. */
  private static void read(Api api, String path, long size, Path target) throws IOException {
    try (FileChannel out = LocalFiles.create(target)) {
      long offset = 0;
      while (offset < size) {
        String call =
            DBFS + "read?path=" + Api.query(path) + "&offset=" + offset + "&length=" + BLOCK;
        HttpResponse<byte[]> r =
            api.send(
                "GET",
                call,
                HttpRequest.BodyPublishers.noBody(),
                null,
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
          throw new IllegalStateException(
              call
                  + " answered "
                  + r.statusCode()
                  + ": "
                  + new String(r.body(), StandardCharsets.UTF_8));
        }
        byte[] data = data(r.body());
        if (data.length == 0) {
          throw new IllegalStateException(call + " read nothing before the end of the file");
        }
        out.write(ByteBuffer.wrap(data));
        offset += data.length;
      }
    }
  }

  /** The decoded {@code data} of a read's answer, without building a tree or a String. */
  private static byte[] data(byte[] answer) throws IOException {
    try (JsonParser json = Api.JSON.getFactory().createParser(answer)) {
      for (JsonToken t = json.nextToken(); t != null; t = json.nextToken()) {
        if (t == JsonToken.FIELD_NAME && json.currentName().equals("data")) {
          json.nextToken();
          return json.getBinaryValue();
        }
      }
    }
    throw new IllegalStateException("no data in the answer of a read");
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
