package dev.kiln.it;

import java.io.FileNotFoundException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A {@code multipart/form-data} body built from text fields and file parts. File parts are streamed
 * from disk when sent, so a 1 GiB upload never sits in memory, and the length stays known.
 */
public final class Multipart {
  private final String boundary = "kiln-" + UUID.randomUUID();
  private final List<HttpRequest.BodyPublisher> parts = new ArrayList<>();

  public Multipart field(String name, String value) {
    text(head(name, null) + "\r\n" + value + "\r\n");
    return this;
  }

  /** A file part named after its field, as Python's requests sends bare bytes. */
  public Multipart file(String name, byte[] content) {
    return file(name, name, content);
  }

  public Multipart file(String name, String fileName, byte[] content) {
    text(head(name, fileName) + "Content-Type: application/octet-stream\r\n\r\n");
    parts.add(HttpRequest.BodyPublishers.ofByteArray(content));
    text("\r\n");
    return this;
  }

  /** A file part streamed from {@code contents}: its size is never held in memory. */
  public Multipart file(String name, Supplier<InputStream> contents) {
    text(head(name, "upload.bin") + "Content-Type: application/octet-stream\r\n\r\n");
    parts.add(HttpRequest.BodyPublishers.ofInputStream(contents));
    text("\r\n");
    return this;
  }

  public Multipart file(String name, Path file) throws FileNotFoundException {
    text(
        head(name, file.getFileName().toString())
            + "Content-Type: application/octet-stream\r\n\r\n");
    parts.add(HttpRequest.BodyPublishers.ofFile(file));
    text("\r\n");
    return this;
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** The whole body, closing boundary included. */
  public HttpRequest.BodyPublisher body() {
    List<HttpRequest.BodyPublisher> all = new ArrayList<>(parts);
    all.add(HttpRequest.BodyPublishers.ofString("--" + boundary + "--\r\n"));
    return HttpRequest.BodyPublishers.concat(all.toArray(HttpRequest.BodyPublisher[]::new));
  }

  /** The body without its closing boundary, as a client that dies mid-upload leaves it. */
  public HttpRequest.BodyPublisher truncatedBody() {
    return HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new));
  }

  private String head(String name, String fileName) {
    return "--"
        + boundary
        + "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\""
        + (fileName == null ? "" : "; filename=\"" + fileName + "\"")
        + "\r\n";
  }

  private void text(String s) {
    parts.add(HttpRequest.BodyPublishers.ofString(s, StandardCharsets.UTF_8));
  }
}
