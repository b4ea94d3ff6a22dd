package dev.kiln.server.workspace;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Utf8;
import java.util.Locale;

/**
 * The rules for workspace paths. A path is absolute and normalized: no empty, {@code .} or {@code
 * ..} segments. As in Databricks, {@code /Workspace/x} names the same object as {@code /x}, and one
 * trailing slash is tolerated; every path Kiln stores or returns is in the canonical form.
 */
public final class WorkspacePath {
  public static final String ROOT = "/";

  /** A bound that keeps the unique index on paths within PostgreSQL's limit for index rows. */
  static final int MAX_PATH_BYTES = 1024;

  static final int MAX_NAME_LENGTH = 255;
  private static final String ALIAS = "/Workspace";

  private WorkspacePath() {}

  /** The canonical form of a path sent by a client; INVALID_PARAMETER_VALUE if it has none. */
  public static String normalize(String path) {
    ApiException.required(path, "path");
    if (!path.startsWith("/")) {
      throw ApiException.invalid("Path (" + path + ") is not absolute: it must start with /");
    }
    String p = path;
    if (p.length() > 1 && p.endsWith("/") && !p.endsWith("//")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.equals(ALIAS)) {
      return ROOT;
    }
    if (p.startsWith(ALIAS + "/")) {
      p = p.substring(ALIAS.length());
    }
    if (p.equals(ROOT)) {
      return ROOT;
    }
    for (String name : p.substring(1).split("/", -1)) {
      checkName(path, name);
    }
    if (p.getBytes(UTF_8).length > MAX_PATH_BYTES) {
      throw ApiException.invalid(
          "Path (" + path + ") is too long: at most " + MAX_PATH_BYTES + " bytes");
    }
    return p;
  }

  private static void checkName(String path, String name) {
    if (name.isEmpty()) {
      throw ApiException.invalid("Path (" + path + ") is not normalized: it has an empty segment");
    }
    if (name.equals(".") || name.equals("..")) {
      throw ApiException.invalid("Path (" + path + ") must not contain '.' or '..' segments");
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw ApiException.invalid(
          "Path (" + path + ") has a name longer than " + MAX_NAME_LENGTH + " characters");
    }
    if (name.chars().anyMatch(Character::isISOControl)) {
      throw ApiException.invalid("Path (" + path + ") contains control characters");
    }
    // Half a surrogate pair (a JSON "\\ud800" escape) is no character: such a name could be
    // stored but never written back, so never read or deleted by the name a listing shows.
    if (Utf8.firstUnpairedSurrogate(name) >= 0) {
      throw ApiException.invalid(
          "Path (" + path + ") is not valid Unicode: it has half a surrogate pair");
    }
  }

  /** The folder holding {@code path}, or null for the root. */
  public static String parent(String path) {
    if (path.equals(ROOT)) {
      return null;
    }
    int slash = path.lastIndexOf('/');
    return slash == 0 ? ROOT : path.substring(0, slash);
  }

  /** The last segment; empty for the root. */
  public static String name(String path) {
    return path.substring(path.lastIndexOf('/') + 1);
  }

  public static String child(String folder, String name) {
    return folder.equals(ROOT) ? ROOT + name : folder + "/" + name;
  }

  /** The extension of the last segment, lower-case and without the dot; empty if none. */
  public static String extension(String path) {
    String name = name(path);
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** The path without the extension of its last segment. */
  public static String withoutExtension(String path) {
    String name = name(path);
    int dot = name.lastIndexOf('.');
    return dot <= 0 ? path : path.substring(0, path.length() - (name.length() - dot));
  }

  /** {@code path} relative to {@code folder}, which must be one of its ancestors. */
  static String relative(String folder, String path) {
    return folder.equals(ROOT) ? path.substring(1) : path.substring(folder.length() + 1);
  }
}
