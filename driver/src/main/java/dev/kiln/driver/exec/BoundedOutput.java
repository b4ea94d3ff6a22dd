package dev.kiln.driver.exec;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Where an interpreter's output goes while a command runs: the first {@code headLimit} bytes and
 * the last {@code tailLimit} (a ring), everything between counted and dropped as it is written. A 3
 * GB print thus costs the driver at most the two limits.
 */
public final class BoundedOutput extends OutputStream {
  /** What a command printed, and whether some of it was dropped. */
  public record Captured(String text, boolean truncated) {}

  private final int headLimit;
  private final int tailLimit;
  private final ByteArrayOutputStream head = new ByteArrayOutputStream();
  private byte[] tail;
  private int tailPos;
  private long tailWritten;

  public BoundedOutput() {
    this(OutputLimits.HEAD_CHARS, OutputLimits.TAIL_CHARS);
  }

  public BoundedOutput(int headLimit, int tailLimit) {
    this.headLimit = headLimit;
    this.tailLimit = tailLimit;
  }

  @Override
  public synchronized void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    int toHead = Math.min(len, headLimit - head.size());
    if (toHead > 0) {
      head.write(b, off, toHead);
      off += toHead;
      len -= toHead;
    }
    if (len <= 0) {
      return;
    }
    if (tail == null) {
      tail = new byte[tailLimit];
    }
    tailWritten += len;
    if (len >= tailLimit) {
      System.arraycopy(b, off + len - tailLimit, tail, 0, tailLimit);
      tailPos = 0;
      return;
    }
    int first = Math.min(len, tailLimit - tailPos);
    System.arraycopy(b, off, tail, tailPos, first);
    System.arraycopy(b, off + first, tail, 0, len - first);
    tailPos = (tailPos + len) % tailLimit;
  }

  /** What was written since the last drain, as UTF-8 text; then starts over empty. */
  public synchronized Captured drain() {
    StringBuilder text = new StringBuilder(head.toString(StandardCharsets.UTF_8));
    long skipped = Math.max(0, tailWritten - tailLimit);
    if (tailWritten > 0) {
      byte[] ordered;
      if (tailWritten < tailLimit) {
        ordered = java.util.Arrays.copyOf(tail, (int) tailWritten);
      } else {
        ordered = new byte[tailLimit];
        System.arraycopy(tail, tailPos, ordered, 0, tailLimit - tailPos);
        System.arraycopy(tail, 0, ordered, tailLimit - tailPos, tailPos);
      }
      if (skipped > 0) {
        text.append(OutputLimits.marker(skipped));
      }
      text.append(new String(ordered, StandardCharsets.UTF_8));
    }
    head.reset();
    tail = null;
    tailPos = 0;
    tailWritten = 0;
    return new Captured(text.toString(), skipped > 0);
  }
}
