package dev.kiln.server.dbfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The folder uploads are written to before they move into place. It sits next to the root, not in
 * it, so partial uploads are never listed, and on the same file system, so the move is atomic.
 */
final class Staging {
  private final Path dir;

  private Staging(Path dir) {
    this.dir = dir;
  }

  /** The staging folder beside {@code root}, emptied of what a crash may have left. */
  static Staging beside(Path root) throws IOException {
    Path name = root.getFileName();
    if (name == null) {
      throw new IllegalArgumentException("dbfs.root cannot be the file system root");
    }
    Path dir = root.resolveSibling(name + "-staging");
    Files.createDirectories(dir);
    if (!Files.getFileStore(dir).equals(Files.getFileStore(root))) {
      throw new IllegalStateException(
          "DBFS staging folder "
              + dir
              + " is not on the file system of "
              + root
              + "; make dbfs.root a folder inside the mount, not the mount point");
    }
    Staging staging = new Staging(dir);
    staging.clean();
    return staging;
  }

  Path dir() {
    return dir;
  }

  StagedFile newFile() throws IOException {
    return StagedFile.create(dir);
  }

  /**
   * A second link to {@code file} in staging, or null if the file system cannot make one. Replacing
   * a file then drops only a link, and freeing a large file's blocks can happen later, off the
   * request.
   */
  Path linkAside(Path file) {
    Path link = dir.resolve("replaced-" + UUID.randomUUID());
    try {
      return Files.createLink(link, file);
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }

  /** Deletes every leftover; only called before any upload starts. */
  private void clean() throws IOException {
    try (Stream<Path> leftovers = Files.list(dir)) {
      for (Path file : (Iterable<Path>) leftovers::iterator) {
        Files.deleteIfExists(file);
      }
    }
  }
}
