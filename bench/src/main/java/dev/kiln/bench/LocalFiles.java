package dev.kiln.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/** The benchmark's own files: made, read in blocks and compared. */
final class LocalFiles {
  private static final int BUFFER = 1 << 20;

  private LocalFiles() {}

  /** A new or emptied file to write. */
  static FileChannel create(Path file) throws IOException {
    return FileChannel.open(
        file,
        StandardOpenOption.CREATE,
        StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING);
  }

  /** Random bytes, so no layer can compress them away; {@code bytes} is a multiple of block. */
  static void writeRandom(Path file, long bytes, int block) throws IOException {
    SplittableRandom random = new SplittableRandom();
    try (FileChannel out = create(file)) {
      ByteBuffer buffer = ByteBuffer.allocate(block);
      for (long written = 0; written < bytes; written += block) {
        buffer.clear();
        while (buffer.hasRemaining()) {
          buffer.putLong(random.nextLong());
        }
        buffer.flip();
        while (buffer.hasRemaining()) {
          out.write(buffer);
        }
      }
    }
  }

  /** Fills {@code buffer} from {@code in}, short only at the end of the file; the bytes read. */
  static int read(FileChannel in, ByteBuffer buffer) throws IOException {
    buffer.clear();
    while (buffer.hasRemaining() && in.read(buffer) >= 0) {
      // Keep reading: one read may return less than is left.
    }
    return buffer.position();
  }

  /** Whether two files hold the same bytes, by their CRC32C. */
  static boolean sameContent(Path a, Path b) {
    try {
      return crc(a) == crc(b);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long crc(Path file) throws IOException {
    CRC32C crc = new CRC32C();
    try (FileChannel in = FileChannel.open(file)) {
      ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
      for (int n = read(in, buffer); n > 0; n = read(in, buffer)) {
        crc.update(buffer.flip());
      }
    }
    return crc.getValue();
  }
}
