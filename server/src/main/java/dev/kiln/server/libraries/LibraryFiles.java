package dev.kiln.server.libraries;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.dbfs.DbfsService;
import dev.kiln.server.workspace.WorkspaceService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Puts the file of a jar, whl or requirements library where the driver can read it: a copy in the
 * driver node's folder, taken from DBFS ({@code dbfs:/...}) or from the workspace (any other
 * absolute path, {@code /Workspace/...} included), as init scripts are. The copy keeps the file's
 * name (pip reads a wheel's name) and is made once per driver.
 */
final class LibraryFiles {
  private final DbfsService dbfs;
  private final WorkspaceService workspace;

  LibraryFiles(DbfsService dbfs, WorkspaceService workspace) {
    this.dbfs = dbfs;
    this.workspace = workspace;
  }

  /** A file that cannot be staged, with a message for the user. */
  static final class StagingFailure extends Exception {
    private static final long serialVersionUID = 1L;

    StagingFailure(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** The local copy of {@code source} in {@code dir}. */
  /**
   * Gives the folders from {@code nodeDir} down to {@code dir} that the control plane made to the
   * node's own account: the driver writes beside them ({@code libraries/jars}, ...).
   */
  static void ownLikeNode(Path nodeDir, Path dir) throws StagingFailure {
    try {
      Object uid = Files.getAttribute(nodeDir, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      Object gid = Files.getAttribute(nodeDir, "unix:gid", LinkOption.NOFOLLOW_LINKS);
      for (Path p = dir;
          p != null && p.startsWith(nodeDir) && !p.equals(nodeDir);
          p = p.getParent()) {
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
      }
    } catch (IOException | UnsupportedOperationException e) {
      throw new StagingFailure("Could not hand " + dir + " to the driver: " + e, e);
    }
  }

  Path stage(String source, Path dir) throws StagingFailure {
    String name = source.substring(source.lastIndexOf('/') + 1);
    Path target = dir.resolve(name.isBlank() ? "library" : name);
    if (Files.isRegularFile(target)) {
      return target;
    }
    try {
      Files.createDirectories(dir);
      Path partial = dir.resolve(target.getFileName() + ".part");
      if (source.regionMatches(true, 0, "dbfs:", 0, 5)) {
        Path file = dbfs.localFile(source);
        if (!Files.isRegularFile(file)) {
          throw new StagingFailure(
              "File " + source + (Files.isDirectory(file) ? " is a directory" : " does not exist"),
              null);
        }
        Files.copy(file, partial, StandardCopyOption.REPLACE_EXISTING);
      } else {
        Files.write(partial, workspace.fileContent(source));
      }
      // A copy keeps its source's mode: DBFS files are the nodes' group's only (ACL). Here, in the
      // driver's own folder, the driver's account must read it.
      Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
      Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
      return target;
    } catch (ApiException e) {
      throw new StagingFailure("Could not read " + source + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new StagingFailure("Could not copy " + source + " to the driver: " + e, e);
    }
  }
}
