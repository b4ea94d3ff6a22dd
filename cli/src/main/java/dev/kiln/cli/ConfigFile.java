package dev.kiln.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Sets the host and token of one profile in a {@code .databrickscfg} file, leaving every other line
 * (other profiles, comments, the profile's other keys) as it was.
 */
final class ConfigFile {
  private static final Set<String> REPLACED = Set.of("host", "token");

  private ConfigFile() {}

  static void setProfile(Path file, String profile, String host, String token) throws IOException {
    List<String> lines =
        Files.exists(file)
            ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
            : new ArrayList<>();
    List<String> settings = List.of("host  = " + host, "token = " + token);
    int header = indexOf(lines, profile);
    if (header < 0) {
      if (!lines.isEmpty() && !lines.get(lines.size() - 1).isBlank()) {
        lines.add("");
      }
      lines.add("[" + profile + "]");
      lines.addAll(settings);
    } else {
      int end = header + 1;
      while (end < lines.size() && !lines.get(end).strip().startsWith("[")) {
        end++;
      }
      for (int i = end - 1; i > header; i--) {
        if (REPLACED.contains(key(lines.get(i)))) {
          lines.remove(i);
        }
      }
      lines.addAll(header + 1, settings);
    }
    write(file, String.join("\n", lines) + "\n");
  }

  private static int indexOf(List<String> lines, String profile) {
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("[" + profile + "]")) {
        return i;
      }
    }
    return -1;
  }

  private static String key(String line) {
    int eq = line.indexOf('=');
    return eq < 0 ? "" : line.substring(0, eq).strip();
  }

  /** The file holds a token: it is written owner-only (0600) and swapped in whole. */
  private static void write(Path file, String content) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path temp =
        posix
            ? Files.createTempFile(
                dir,
                ".databrickscfg",
                ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(dir, ".databrickscfg", ".tmp");
    try {
      Files.writeString(temp, content, StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
