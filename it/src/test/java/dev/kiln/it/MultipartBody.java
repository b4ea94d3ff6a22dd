package dev.kiln.it;

import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/** A multipart/form-data body built by hand, as the legacy CLI's {@code requests} sends it. */
final class MultipartBody {
  private final String boundary = "kiln-" + UUID.randomUUID();
  private final List<BodyPublisher> parts = new ArrayList<>();

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  MultipartBody field(String name, String value) {
    parts.add(
        text(
            "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\""
                + name
                + "\"\r\n\r\n"
                + value
                + "\r\n"));
    return this;
  }

  MultipartBody file(String name, byte[] contents) {
    return file(name, BodyPublishers.ofByteArray(contents));
  }

  /** A file part streamed from {@code contents}: its size is never held in memory. */
  MultipartBody file(String name, Supplier<InputStream> contents) {
    return file(name, BodyPublishers.ofInputStream(contents));
  }

  private MultipartBody file(String name, BodyPublisher contents) {
    // The legacy CLI labels the file part multipart/form-data; servers must not care.
    parts.add(
        text(
            "--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\""
                + name
                + "\"; filename=\"upload.bin\"\r\nContent-Type: multipart/form-data\r\n\r\n"));
    parts.add(contents);
    parts.add(text("\r\n"));
    return this;
  }

  /** The whole body, closed by the final boundary. */
  BodyPublisher build() {
    List<BodyPublisher> all = new ArrayList<>(parts);
    all.add(text("--" + boundary + "--\r\n"));
    return BodyPublishers.concat(all.toArray(BodyPublisher[]::new));
  }

  /** The body without its final boundary, as a client that dies mid-upload leaves it. */
  BodyPublisher buildTruncated() {
    return BodyPublishers.concat(parts.toArray(BodyPublisher[]::new));
  }

  private static BodyPublisher text(String s) {
    return BodyPublishers.ofString(s, StandardCharsets.UTF_8);
  }
}
