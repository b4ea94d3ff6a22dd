package dev.kiln.server.dbfs;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * An upload being written in the staging folder. It reaches its target only when the service moves
 * it there; until then, and whenever anything fails, {@link #close} deletes it.
 */
final class StagedFile implements AutoCloseable {
  /** Large copies keep per-call overhead negligible next to the disk and the network. */
  static final int BUFFER_BYTES = 1 << 20;

  private final Path file;
  private final FileChannel channel;
  private long size;

  private StagedFile(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  static StagedFile create(Path stagingDir) throws IOException {
    // Group read-write as asked for: where nodes share DBFS, the staging folder's default ACL
    // then gives the nodes' group the file it becomes (a move keeps a file's permissions).
    Path file =
        Files.createFile(
            stagingDir.resolve("upload-" + UUID.randomUUID() + ".part"),
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw----")));
    try {
      return new StagedFile(file, FileChannel.open(file, StandardOpenOption.WRITE));
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(file);
      throw e;
    }
  }

  Path file() {
    return file;
  }

  long size() {
    return size;
  }

  /** Appends all of {@code bytes}. */
  void write(ByteBuffer bytes) {
    try {
      while (bytes.hasRemaining()) {
        size += channel.write(bytes);
      }
    } catch (IOException e) {
      throw writeFailed(e);
    }
  }

  /**
   * Appends everything {@code in} gives until its end. Failures to read are the client's (a broken
   * or malformed upload) and stay IOExceptions; failures to write become IO_ERROR.
   */
  long writeFrom(InputStream in) throws IOException {
    byte[] buffer = new byte[BUFFER_BYTES];
    long copied = 0;
    while (true) {
      int n = in.readNBytes(buffer, 0, buffer.length);
      if (n > 0) {
        write(ByteBuffer.wrap(buffer, 0, n));
        copied += n;
      }
      if (n < buffer.length) {
        return copied;
      }
    }
  }

  /** Ends writing; the file may now be moved. */
  void finish() {
    try {
      channel.close();
    } catch (IOException e) {
      throw writeFailed(e);
    }
  }

  private static ApiException writeFailed(IOException e) {
    return new ApiException(ErrorCode.IO_ERROR, "Could not store the upload: " + e.getMessage(), e);
  }

  /** Deletes what is left in staging; a no-op after the file was moved into place. */
  @Override
  public void close() {
    try {
      channel.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Leftovers are cleaned at the next start.
    }
  }
}
