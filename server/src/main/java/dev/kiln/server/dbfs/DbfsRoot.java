package dev.kiln.server.dbfs;

import dev.kiln.server.api.ApiException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The folder that holds DBFS files. It maps a {@link DbfsPath} to a file below it, and refuses any
 * path that goes through a symbolic link, so nothing outside the folder can be reached even if
 * someone plants a link in it.
 */
final class DbfsRoot {
  private final Path dir;

  private DbfsRoot(Path dir) {
    this.dir = dir;
  }

  /** Creates the folder if needed; works on its real path so that links above it do not count. */
  static DbfsRoot open(Path configured) throws IOException {
    Files.createDirectories(configured);
    return new DbfsRoot(configured.toRealPath());
  }

  Path dir() {
    return dir;
  }

  /** A path's file and, if it exists, its own attributes (links are never followed). */
  record Entry(DbfsPath path, Path file, Optional<BasicFileAttributes> attributes) {
    boolean exists() {
      return attributes.isPresent();
    }

    boolean isDirectory() {
      return attributes.map(BasicFileAttributes::isDirectory).orElse(false);
    }
  }

  /**
   * Finds {@code path} below the root, checking each component on the way: INVALID_PARAMETER_VALUE
   * if one is a symbolic link. Below a missing entry or a file nothing exists.
   */
  Entry lookup(DbfsPath path) {
    Path file = dir;
    Optional<BasicFileAttributes> attributes = Optional.empty();
    boolean mayExist = true;
    for (String segment : path.segments()) {
      Path next;
      try {
        next = file.resolve(segment);
      } catch (InvalidPathException e) {
        throw ApiException.invalid("Invalid path " + path + ": " + e.getReason());
      }
      // DbfsPath already refuses separators and dot names; this guards against surprises.
      if (!file.equals(next.getParent())) {
        throw ApiException.invalid("Invalid path " + path);
      }
      file = next;
      attributes = mayExist ? lstat(file, path) : Optional.empty();
      if (attributes.isPresent() && attributes.get().isSymbolicLink()) {
        throw ApiException.invalid("Path " + path + " goes through a symbolic link");
      }
      mayExist = attributes.isPresent() && attributes.get().isDirectory();
    }
    if (path.isRoot()) {
      attributes = lstat(dir, path);
    }
    return new Entry(path, file, attributes);
  }

  /** The file of {@code path}, which may not exist. */
  Path resolve(DbfsPath path) {
    return lookup(path).file();
  }

  Optional<BasicFileAttributes> attributes(DbfsPath path) {
    return lookup(path).attributes();
  }

  static Optional<BasicFileAttributes> lstat(Path file, DbfsPath path) {
    try {
      return Optional.of(
          Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw DbfsErrors.io(path, e);
    }
  }

  /**
   * Creates {@code path} and its missing parents, like {@code mkdir -p}. A file on the way gives
   * RESOURCE_ALREADY_EXISTS, as on Databricks. Callers hold the namespace lock.
   */
  void createDirectories(DbfsPath path) {
    DbfsPath prefix = DbfsPath.ROOT;
    for (String segment : path.segments()) {
      prefix = prefix.child(segment);
      Entry entry = lookup(prefix);
      Path file = entry.file();
      if (entry.exists()) {
        if (!entry.isDirectory()) {
          throw ApiException.alreadyExists(
              "Cannot create the directory " + path + " because a file exists at " + prefix);
        }
        continue;
      }
      try {
        Files.createDirectory(file);
      } catch (FileAlreadyExistsException e) {
        if (!Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
          throw ApiException.alreadyExists(
              "Cannot create the directory " + path + " because a file exists at " + prefix);
        }
      } catch (IOException e) {
        throw DbfsErrors.io(prefix, e);
      }
    }
  }
}
