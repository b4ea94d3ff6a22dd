package dev.kiln.server.dbfs;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;

/**
 * Deletes a tree depth first, never following links (a link is deleted, not its target). Past its
 * deadline it stops with PARTIAL_DELETE, as Databricks does for large trees; clients call again.
 */
final class RecursiveDelete extends SimpleFileVisitor<Path> {
  private final Clock clock;
  private final long deadline;
  private long deleted;

  private RecursiveDelete(Clock clock, long deadline) {
    this.clock = clock;
    this.deadline = deadline;
  }

  static long run(Path dir, Clock clock, long deadlineMillis) throws IOException {
    RecursiveDelete visitor = new RecursiveDelete(clock, deadlineMillis);
    Files.walkFileTree(dir, visitor);
    return visitor.deleted;
  }

  @Override
  public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
    delete(file);
    return FileVisitResult.CONTINUE;
  }

  @Override
  public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
    if (e instanceof NoSuchFileException) {
      return FileVisitResult.CONTINUE; // deleted meanwhile
    }
    throw e;
  }

  @Override
  public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
    if (e != null && !(e instanceof NoSuchFileException)) {
      throw e;
    }
    delete(dir);
    return FileVisitResult.CONTINUE;
  }

  private void delete(Path file) throws IOException {
    if (clock.millis() > deadline) {
      throw new ApiException(
          ErrorCode.PARTIAL_DELETE,
          "The requested operation has deleted "
              + deleted
              + " files. There may be more files remaining in this directory. Call delete again"
              + " until this error no longer appears.");
    }
    if (Files.deleteIfExists(file)) {
      deleted++;
    }
  }
}
