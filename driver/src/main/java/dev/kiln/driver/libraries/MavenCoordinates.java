package dev.kiln.driver.libraries;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code groupId:artifactId:version} of a Maven library, and its exclusions as {@code
 * groupId:artifactId} patterns ({@code *} matches anything, e.g. {@code *:hadoop-client}).
 */
record MavenCoordinates(String groupId, String artifactId, String version) {
  /** Parses {@code g:a:v}; fails with a message naming the expected form. */
  static MavenCoordinates parse(String coordinates) throws LibraryFailure {
    String[] parts = coordinates == null ? new String[0] : coordinates.strip().split(":", -1);
    if (parts.length != 3 || anyBlank(parts)) {
      throw new LibraryFailure(
          "Maven coordinates must be groupId:artifactId:version, got '" + coordinates + "'");
    }
    return new MavenCoordinates(parts[0].strip(), parts[1].strip(), parts[2].strip());
  }

  /** {@code [groupId, artifactId]} of each {@code g:a} exclusion. */
  static List<String[]> exclusions(List<String> exclusions) throws LibraryFailure {
    List<String[]> parsed = new ArrayList<>();
    if (exclusions == null) {
      return parsed;
    }
    for (String exclusion : exclusions) {
      String[] parts = exclusion == null ? new String[0] : exclusion.strip().split(":", -1);
      if (parts.length != 2 || anyBlank(parts)) {
        throw new LibraryFailure(
            "Maven exclusions must be groupId:artifactId, got '" + exclusion + "'");
      }
      parsed.add(new String[] {parts[0].strip(), parts[1].strip()});
    }
    return parsed;
  }

  private static boolean anyBlank(String[] parts) {
    for (String p : parts) {
      if (p.isBlank()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return groupId + ":" + artifactId + ":" + version;
  }
}
