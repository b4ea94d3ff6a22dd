package dev.kiln.server.jobs.tasks;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.dbfs.DbfsService;
import dev.kiln.server.workspace.WorkspaceService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The content of a task's file: {@code dbfs:/...}, or a workspace path (with or without
 * /Workspace).
 */
public final class TaskFiles {
  private final DbfsService dbfs;
  private final WorkspaceService workspace;

  public TaskFiles(DbfsService dbfs, WorkspaceService workspace) {
    this.dbfs = dbfs;
    this.workspace = workspace;
  }

  /** The file's text; an ApiException says why it cannot be read. */
  String read(String path) {
    return new String(readBytes(path), StandardCharsets.UTF_8);
  }

  /** The file's bytes; an ApiException says why it cannot be read. */
  byte[] readBytes(String path) {
    if (path.startsWith("dbfs:/")) {
      Path file = dbfs.localFile(path);
      if (!Files.isRegularFile(file)) {
        throw ApiException.notFound("File " + path + " does not exist");
      }
      try {
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw ApiException.invalid("File " + path + " could not be read: " + e.getMessage());
      }
    }
    if (!path.startsWith("/")) {
      throw ApiException.invalid(
          "File " + path + " must be a dbfs:/ path or an absolute workspace path");
    }
    String inWorkspace =
        path.startsWith("/Workspace/") ? path.substring("/Workspace".length()) : path;
    return workspace.fileContent(inWorkspace);
  }
}
