package dev.kiln.server.jobs.runs;

import dev.kiln.server.api.ApiException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The notebook {@code dbutils.notebook.run(path, ...)} means: an absolute workspace path as given,
 * any other one relative to the folder of the calling notebook ({@code ./x}, {@code ../x}, {@code
 * x}).
 */
final class NotebookPaths {
  private NotebookPaths() {}

  static String resolve(String callerPath, String path) {
    if (path == null || path.isBlank()) {
      throw ApiException.invalid("Missing required field: path");
    }
    String given = path.strip();
    String joined;
    if (given.startsWith("/")) {
      joined = given;
    } else if (callerPath == null || callerPath.isBlank()) {
      throw ApiException.invalid(
          "The relative notebook path "
              + given
              + " needs a calling notebook; outside a notebook give an absolute path");
    } else {
      joined = callerPath.substring(0, callerPath.lastIndexOf('/') + 1) + given;
    }
    Deque<String> parts = new ArrayDeque<>();
    for (String part : joined.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        if (parts.isEmpty()) {
          throw ApiException.invalid("The notebook path " + given + " leaves the workspace");
        }
        parts.removeLast();
      } else {
        parts.addLast(part);
      }
    }
    if (parts.isEmpty()) {
      throw ApiException.invalid("The notebook path " + given + " names no notebook");
    }
    return "/" + String.join("/", parts);
  }
}
