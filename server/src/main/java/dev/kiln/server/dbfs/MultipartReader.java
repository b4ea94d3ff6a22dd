package dev.kiln.server.dbfs;

import dev.kiln.server.api.Utf8;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.eclipse.jetty.server.HttpInput;

/**
 * Streams a multipart body part by part through one fixed direct buffer. Boundaries are found by
 * probing one byte in every delimiter length, since every delimiter must cover one probed byte;
 * only where that byte occurs in the delimiter is a match checked. commons-fileupload2 compares
 * every byte and tops out near 400 MB/s of CPU, below what uploads need. Header blocks are returned
 * raw, for fileupload2 to parse.
 */
final class MultipartReader {
  /** Thrown for a body that does not follow RFC 2046. */
  static final class MalformedException extends IOException {
    private static final long serialVersionUID = 1L;

    MalformedException(String message) {
      super(message);
    }
  }

  /** Where the body comes from. */
  @FunctionalInterface
  interface Source {
    /** Reads at least one byte into {@code dst}, blocking; -1 at the end. */
    int read(ByteBuffer dst) throws IOException;
  }

  static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final byte CR = '\r';
  private static final byte LF = '\n';
  private static final byte DASH = '-';
  private static final byte[] HEADER_END = {CR, LF, CR, LF};

  private final Source source;

  /** CRLF, two dashes and the boundary: what ends every part (and the preamble). */
  private final byte[] delimiter;

  /** For each byte value, the positions where it occurs in the delimiter. */
  private final int[][] positions = new int[256][];

  private final ByteBuffer buffer;

  /** Unread data is {@code buffer[head, tail)}; the buffer is only used with absolute indexes. */
  private int head;

  private int tail;

  /** Where the delimiter search resumes; positions before it cannot start a delimiter. */
  private int scanFrom;

  /** Position of the next delimiter in the buffer, or -1 while not seen yet. */
  private int delimiterAt = -1;

  private boolean inBody;
  private boolean done;

  MultipartReader(Source source, byte[] boundary, int bufferBytes) {
    this.source = source;
    delimiter = new byte[boundary.length + 4];
    delimiter[0] = CR;
    delimiter[1] = LF;
    delimiter[2] = DASH;
    delimiter[3] = DASH;
    System.arraycopy(boundary, 0, delimiter, 4, boundary.length);
    int[] counts = new int[256];
    for (byte b : delimiter) {
      counts[b & 0xff]++;
    }
    for (int value = 0; value < 256; value++) {
      positions[value] = new int[counts[value]];
    }
    Arrays.fill(counts, 0);
    for (int j = 0; j < delimiter.length; j++) {
      int value = delimiter[j] & 0xff;
      positions[value][counts[value]++] = j;
    }
    buffer =
        ByteBuffer.allocateDirect(Math.max(bufferBytes, 4 * (MAX_HEADER_BYTES + delimiter.length)));
    // The first boundary may open the body with no CRLF before it: pretend there is one, and read
    // the preamble as the body of a part that is thrown away.
    buffer.put(0, CR).put(1, LF);
    tail = 2;
    inBody = true;
  }

  /**
   * The source of a request body. Jetty's own input fills the direct buffer itself, so part bodies
   * reach the disk without another copy; any other stream goes through a channel.
   */
  static Source sourceOf(InputStream in) {
    if (in instanceof HttpInput jetty) {
      return jetty::read;
    }
    return Channels.newChannel(in)::read;
  }

  /**
   * Moves to the next part, skipping what is left of the current one. Returns its header block
   * ending with an empty line, or null after the closing boundary.
   */
  String nextPart() throws IOException {
    if (done) {
      return null;
    }
    for (int n; (n = bodyAvailable()) > 0; ) {
      head += n;
    }
    need(2, "after a boundary");
    if (buffer.get(head) == DASH && buffer.get(head + 1) == DASH) {
      done = true; // the epilogue, if any, is ignored
      return null;
    }
    while (true) { // transport padding may follow a boundary
      need(1, "after a boundary");
      byte b = buffer.get(head);
      if (b != ' ' && b != '\t') {
        break;
      }
      head++;
    }
    need(2, "after a boundary");
    if (buffer.get(head) != CR || buffer.get(head + 1) != LF) {
      throw new MalformedException("A boundary is not followed by a line break");
    }
    head += 2;
    String headers = readHeaders();
    inBody = true;
    scanFrom = head;
    delimiterAt = -1;
    return headers;
  }

  private String readHeaders() throws IOException {
    need(2, "in the part headers");
    if (buffer.get(head) == CR && buffer.get(head + 1) == LF) {
      head += 2;
      return "\r\n";
    }
    int searched = head;
    while (true) {
      int end = indexOf(HEADER_END, searched);
      if (end >= 0) {
        byte[] bytes = new byte[end + HEADER_END.length - head];
        buffer.get(head, bytes);
        head = end + HEADER_END.length;
        return new String(bytes, StandardCharsets.UTF_8);
      }
      if (tail - head > MAX_HEADER_BYTES) {
        throw new MalformedException("Part headers are longer than " + MAX_HEADER_BYTES + " bytes");
      }
      searched = Math.max(head, tail - HEADER_END.length + 1);
      int before = head;
      if (!fill()) {
        throw new MalformedException("The body ended in the part headers");
      }
      searched -= before - head; // fill() may have moved the data to the front
    }
  }

  /** Writes the rest of the current part's body to {@code out}; returns the byte count. */
  long writeBody(StagedFile out) throws IOException {
    long total = 0;
    for (int n; (n = bodyAvailable()) > 0; ) {
      out.write(buffer.slice(head, n));
      head += n;
      total += n;
    }
    return total;
  }

  /** The rest of the current part's body as text; MalformedException past {@code maxBytes}. */
  String readText(int maxBytes) throws IOException {
    ByteArrayOutputStream text = new ByteArrayOutputStream();
    for (int n; (n = bodyAvailable()) > 0; ) {
      if (text.size() + n > maxBytes) {
        throw new MalformedException("A form field is longer than " + maxBytes + " bytes");
      }
      byte[] bytes = new byte[n];
      buffer.get(head, bytes);
      text.writeBytes(bytes);
      head += n;
    }
    return Utf8.decode(text.toByteArray(), "form field");
  }

  /**
   * How many body bytes of the current part start at {@code head}, or -1 once its closing delimiter
   * is reached (and consumed). Gathers half a buffer before answering, so that writes are large,
   * but never waits for data beyond a delimiter it has seen.
   */
  private int bodyAvailable() throws IOException {
    if (!inBody) {
      return -1;
    }
    while (true) {
      if (delimiterAt < 0) {
        delimiterAt = search();
      }
      if (delimiterAt == head) {
        head += delimiter.length;
        delimiterAt = -1;
        inBody = false;
        return -1;
      }
      if (delimiterAt > head) {
        return delimiterAt - head;
      }
      int safe = tail - delimiter.length + 1 - head; // bytes that cannot begin a delimiter
      if (safe >= buffer.capacity() / 2) {
        return safe;
      }
      if (!fill()) {
        if (safe > 0) {
          return safe;
        }
        throw new MalformedException("The body ended before its closing boundary");
      }
    }
  }

  /**
   * Finds the next delimiter in the data not yet ruled out, and remembers where to resume. A
   * delimiter starting anywhere in {@code [start, start + m)} covers the byte at {@code start + m -
   * 1}, so one probe per block rules out m starts unless that byte occurs in the delimiter. The
   * probes do not depend on each other, so the CPU overlaps them.
   */
  private int search() {
    int m = delimiter.length;
    int lastStart = tail - m; // the last start whose whole delimiter is buffered
    int start = Math.max(scanFrom, head);
    while (start <= lastStart) {
      int probe = start + m - 1;
      for (int j : positions[buffer.get(probe) & 0xff]) {
        int candidate = probe - j;
        if (candidate <= lastStart && matches(delimiter, candidate, m)) {
          scanFrom = candidate;
          return candidate;
        }
      }
      if (probe > lastStart) {
        start = lastStart + 1; // starts past lastStart still wait for their bytes
        break;
      }
      start += m;
    }
    scanFrom = start;
    return -1;
  }

  /** True when the first {@code length} bytes of {@code pattern} are at {@code at}. */
  private boolean matches(byte[] pattern, int at, int length) {
    for (int k = 0; k < length; k++) {
      if (buffer.get(at + k) != pattern[k]) {
        return false;
      }
    }
    return true;
  }

  private int indexOf(byte[] pattern, int from) {
    for (int i = Math.max(from, head); i <= tail - pattern.length; i++) {
      if (matches(pattern, i, pattern.length)) {
        return i;
      }
    }
    return -1;
  }

  private void need(int bytes, String where) throws IOException {
    while (tail - head < bytes) {
      if (!fill()) {
        throw new MalformedException("The body ended " + where);
      }
    }
  }

  /** Reads more input after what is buffered; false at the end of the input. */
  private boolean fill() throws IOException {
    if (head > 0) {
      // Only a few undecided bytes are left when a fill is needed, so this move is cheap.
      buffer.limit(tail).position(head);
      buffer.compact();
      tail -= head;
      scanFrom = Math.max(0, scanFrom - head);
      if (delimiterAt >= 0) {
        delimiterAt -= head;
      }
      head = 0;
    }
    if (tail == buffer.capacity()) {
      throw new IllegalStateException("multipart buffer full");
    }
    buffer.limit(buffer.capacity()).position(tail);
    int n = source.read(buffer);
    if (n < 0) {
      return false;
    }
    tail += n;
    return true;
  }
}
