package dev.kiln.server.compute;

import java.util.Locale;

/**
 * How node processes, which run user code, are kept out of the control plane's trust.
 *
 * <ul>
 *   <li>{@link #ACCOUNTS}: the control plane runs as root; every node runs under an unprivileged OS
 *       account of its own ({@code kiln-c<n>}, group {@code kiln-compute}), inside a private view
 *       of the file system that shows none of Kiln's home but the node's folder and DBFS.
 *   <li>{@link #SANDBOX}: the control plane runs unprivileged; every node runs in a bubblewrap
 *       sandbox with its own user and PID namespaces and the same private view of the files.
 *   <li>{@link #NONE}: nodes run as the control plane's own account with its files in reach: for a
 *       single trusted user only, and never chosen unless configured.
 * </ul>
 */
public enum Isolation {
  ACCOUNTS,
  SANDBOX,
  NONE;

  /**
   * The mode for a setting of {@code compute.isolation}: {@code auto} picks {@link #ACCOUNTS} as
   * root and {@link #SANDBOX} otherwise.
   */
  public static Isolation parse(String setting, boolean root) {
    String value = setting == null ? "auto" : setting.strip().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "auto" -> root ? ACCOUNTS : SANDBOX;
      case "accounts" -> ACCOUNTS;
      case "sandbox" -> SANDBOX;
      case "none" -> NONE;
      default ->
          throw new IllegalArgumentException(
              "compute.isolation must be auto, accounts, sandbox or none; got '" + setting + "'");
    };
  }

  /** Whether this process runs as root (effective uid 0). */
  public static boolean runningAsRoot() {
    try {
      // Not the owner of /proc/self: that link is root's whoever looks.
      return effectiveUid(
              java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")))
          == 0;
    } catch (java.io.IOException | RuntimeException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  /** The effective uid in the lines of a {@code /proc/<pid>/status}. */
  static long effectiveUid(java.util.List<String> status) {
    for (String line : status) {
      if (line.startsWith("Uid:")) {
        // Uid: real effective saved filesystem
        return Long.parseLong(line.substring(4).strip().split("\\s+")[1]);
      }
    }
    throw new IllegalArgumentException("no Uid line");
  }
}
