package dev.kiln.cli;

/** {@code dbfs:/a/b} on the command line, {@code /a/b} on the API. */
final class DbfsPaths {
  static final String SCHEME = "dbfs:";

  private DbfsPaths() {}

  static boolean isDbfs(String path) {
    return path.startsWith(SCHEME);
  }

  /** The API path of a {@code dbfs:} argument; refuses local paths where only DBFS makes sense. */
  static String api(String path) {
    if (!isDbfs(path)) {
      throw new CliFailure("expected a dbfs:/ path, got " + path);
    }
    String p = path.substring(SCHEME.length());
    return p.startsWith("/") ? p : "/" + p;
  }

  static String join(String dir, String name) {
    return dir.endsWith("/") ? dir + name : dir + "/" + name;
  }

  static String name(String apiPath) {
    String p = apiPath.endsWith("/") ? apiPath.substring(0, apiPath.length() - 1) : apiPath;
    return p.substring(p.lastIndexOf('/') + 1);
  }
}
