package dev.kiln.driver.jar;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The last {@code limit} bytes written to it: a program may print far more than anyone keeps, and
 * only its end is shown.
 */
final class TailBuffer extends OutputStream {
  private final int limit;
  private ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  TailBuffer(int limit) {
    this.limit = limit;
  }

  @Override
  public synchronized void write(int b) {
    bytes.write(b);
    trim();
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    if (len >= limit) {
      bytes.reset();
      bytes.write(b, off + len - limit, limit);
      return;
    }
    bytes.write(b, off, len);
    trim();
  }

  /** Keeps the last {@code limit} bytes once twice as many are held (trimming is a copy). */
  private void trim() {
    if (bytes.size() >= 2 * limit) {
      byte[] all = bytes.toByteArray();
      bytes = new ByteArrayOutputStream(2 * limit);
      bytes.write(all, all.length - limit, limit);
    }
  }

  /** What is kept, as UTF-8 text (at most {@code limit} bytes of it). */
  synchronized String text() {
    byte[] all = bytes.toByteArray();
    int from = Math.max(0, all.length - limit);
    return new String(all, from, all.length - from, StandardCharsets.UTF_8);
  }
}
