package dev.kiln.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayOutputStream;
import java.util.UUID;

/** A multipart/form-data body built by hand, as Python's requests sends one for {@code files=}. */
final class Multipart {
  private final String boundary = "kiln-" + UUID.randomUUID();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  Multipart field(String name, String value) {
    write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
    write(value + "\r\n");
    return this;
  }

  /** A file part; requests names it after the field when given bare bytes. */
  Multipart file(String name, byte[] content) {
    write(
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\""
            + name
            + "\"; filename=\""
            + name
            + "\"\r\n\r\n");
    out.writeBytes(content);
    write("\r\n");
    return this;
  }

  byte[] body() {
    ByteArrayOutputStream copy = new ByteArrayOutputStream();
    copy.writeBytes(out.toByteArray());
    copy.writeBytes(("--" + boundary + "--\r\n").getBytes(UTF_8));
    return copy.toByteArray();
  }

  String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  private void write(String text) {
    out.writeBytes(text.getBytes(UTF_8));
  }
}
