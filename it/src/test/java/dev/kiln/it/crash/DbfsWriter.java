package dev.kiln.it.crash;

import static dev.kiln.it.crash.Acks.acknowledged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.it.Multipart;
import dev.kiln.it.ServerProcess;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Writes DBFS files the two ways clients do: one multipart {@code put}, or {@code create}, {@code
 * add-block}s and {@code close}. After the restart each file reads back byte for byte.
 */
public final class DbfsWriter implements CrashWriter<String> {
  /** How a file is uploaded. */
  public enum Upload {
    MULTIPART_PUT,
    BLOCKS
  }

  private static final String DBFS = "/api/2.0/dbfs/";
  private static final String ROOT = "/crash";

  private final ServerProcess server;
  private final Upload upload;

  public DbfsWriter(ServerProcess server, Upload upload) {
    this.server = server;
    this.upload = upload;
  }

  @Override
  public String name() {
    return "dbfs-" + upload.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  @Override
  public void setUp() {
    acknowledged(server.call("POST", DBFS + "mkdirs", "{\"path\":\"" + ROOT + "\"}"));
  }

  @Override
  public String writeOne(int i) {
    String path = ROOT + "/" + name() + "-" + i;
    byte[] content = content(path);
    if (upload == Upload.MULTIPART_PUT) {
      acknowledged(
          server.upload(
              DBFS + "put",
              new Multipart()
                  .field("path", path)
                  .field("overwrite", "False")
                  .file("file", "f.bin", content)));
    } else {
      long handle =
          acknowledged(
                  server.call(
                      "POST", DBFS + "create", "{\"path\":\"" + path + "\",\"overwrite\":false}"))
              .path("handle")
              .asLong();
      int half = content.length / 2;
      addBlock(handle, Arrays.copyOfRange(content, 0, half));
      addBlock(handle, Arrays.copyOfRange(content, half, content.length));
      acknowledged(server.call("POST", DBFS + "close", "{\"handle\":" + handle + "}"));
    }
    return path;
  }

  private void addBlock(long handle, byte[] block) {
    String data = Base64.getEncoder().encodeToString(block);
    acknowledged(
        server.call(
            "POST", DBFS + "add-block", "{\"handle\":" + handle + ",\"data\":\"" + data + "\"}"));
  }

  @Override
  public void verifyAcknowledged(List<String> acknowledged) {
    for (String path : acknowledged) {
      String data =
          acknowledged(server.call("GET", DBFS + "read?path=" + path + "&length=1048576", null))
              .path("data")
              .asText();
      assertThat(Base64.getDecoder().decode(data))
          .as("content of %s", path)
          .isEqualTo(content(path));
    }
  }

  /** A few KiB that name their file, so a mix-up between files shows. */
  private static byte[] content(String path) {
    return (path + "\n").repeat(200).getBytes(StandardCharsets.UTF_8);
  }
}
