package dev.kiln.bench;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A file's blocks as base64, each read and encoded on another thread while the one before is being
 * sent, as a fast uploader overlaps its own work with the server's. Two pairs of buffers take
 * turns, so nothing is allocated per block.
 */
final class EncodedBlocks implements AutoCloseable {
  private final FileChannel in;
  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "kiln-bench-encoder");
            t.setDaemon(true);
            return t;
          });
  private final byte[][] raw;
  private final byte[][] text;

  /** The slot the caller reads, and the one the worker fills. */
  private int current;

  private int pending;
  private Future<Integer> next;

  EncodedBlocks(Path file, int block) throws IOException {
    in = FileChannel.open(file);
    raw = new byte[][] {new byte[block], new byte[block]};
    int encoded = 4 * ((block + 2) / 3);
    text = new byte[][] {new byte[encoded], new byte[encoded]};
    next = worker.submit(() -> encode(0));
  }

  /**
   * Moves to the next block: its base64 is {@code text()[0, length)}; 0 at the end. The previous
   * block's text is reused from now on.
   */
  int next() throws IOException {
    int length;
    try {
      length = next.get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof UncheckedIOException io
          ? io.getCause()
          : new IOException("encoding a block failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while encoding");
    }
    current = pending;
    pending = 1 - pending; // the caller is done with it
    if (length > 0) {
      int slot = pending;
      next = worker.submit(() -> encode(slot));
    }
    return length;
  }

  byte[] text() {
    return text[current];
  }

  /** Reads the next block into {@code slot} and encodes it there; the text's length. */
  private int encode(int slot) {
    try {
      int n = LocalFiles.read(in, ByteBuffer.wrap(raw[slot]));
      return FastBase64.encode(raw[slot], n, text[slot]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() throws IOException {
    worker.shutdownNow();
    in.close();
  }
}
