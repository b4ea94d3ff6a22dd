package dev.kiln.cli;

import com.databricks.sdk.service.compute.LibrariesAPI;
import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.compute.LibraryFullStatus;
import com.databricks.sdk.service.compute.LibraryInstallStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code libraries install --wait}: polls {@code libraries/cluster-status} until every requested
 * library is INSTALLED, or one FAILED (or was SKIPPED: it never will be installed), with progress
 * on a {@link StatusLine}.
 */
final class LibraryWaiter {
  private static final Set<LibraryInstallStatus> FAILED =
      Set.of(LibraryInstallStatus.FAILED, LibraryInstallStatus.SKIPPED);

  private final LibrariesAPI libraries;
  private final StatusLine line;
  private final Clock clock;

  LibraryWaiter(LibrariesAPI libraries, StatusLine line, Clock clock) {
    this.libraries = libraries;
    this.line = line;
    this.clock = clock;
  }

  /**
   * The statuses of {@code wanted} once all are INSTALLED. Throws a {@link CliFailure} (exit 1)
   * naming the first that failed, with its messages, and one with exit {@link Kiln#TIMED_OUT} when
   * {@code timeout} passes first (the installs go on).
   */
  List<LibraryFullStatus> until(String clusterId, List<Library> wanted, Duration timeout) {
    return new Waiting(line, clock)
        .until(
            "libraries on " + clusterId,
            "libraries on cluster " + clusterId,
            timeout,
            status -> "libraries on cluster " + clusterId + "; they are " + status,
            () -> poll(clusterId, wanted));
  }

  /** One look at the cluster's libraries: all of {@code wanted} INSTALLED, or not yet. */
  private Waiting.Seen<List<LibraryFullStatus>> poll(String clusterId, List<Library> wanted) {
    Map<String, LibraryFullStatus> current = current(clusterId);
    List<LibraryFullStatus> mine = new ArrayList<>();
    Map<LibraryInstallStatus, Integer> counts = new EnumMap<>(LibraryInstallStatus.class);
    int unlisted = 0;
    for (Library l : wanted) {
      LibraryFullStatus s = current.get(LibraryRows.key(l));
      if (s == null || s.getStatus() == null) {
        unlisted++;
        continue;
      }
      if (FAILED.contains(s.getStatus())) {
        line.done();
        String message = LibraryRows.message(s.getMessages());
        throw new CliFailure(
            "library "
                + LibraryRows.key(l)
                + " "
                + s.getStatus()
                + (message.isEmpty() ? "" : ": " + message));
      }
      mine.add(s);
      counts.merge(s.getStatus(), 1, Integer::sum);
    }
    String status = summary(counts, unlisted);
    return unlisted == 0 && counts.getOrDefault(LibraryInstallStatus.INSTALLED, 0) == mine.size()
        ? Waiting.Seen.done(status, mine)
        : Waiting.Seen.waiting(status);
  }

  /** The cluster's libraries by {@link LibraryRows#key}. */
  private Map<String, LibraryFullStatus> current(String clusterId) {
    Map<String, LibraryFullStatus> byKey = new LinkedHashMap<>();
    for (LibraryFullStatus s : libraries.clusterStatus(clusterId)) {
      byKey.put(LibraryRows.key(s.getLibrary()), s);
    }
    return byKey;
  }

  /** {@code 1 INSTALLED, 2 INSTALLING}. */
  private static String summary(Map<LibraryInstallStatus, Integer> counts, int unlisted) {
    List<String> parts = new ArrayList<>();
    counts.forEach((status, n) -> parts.add(n + " " + status));
    if (unlisted > 0) {
      parts.add(unlisted + " not listed");
    }
    return String.join(", ", parts);
  }
}
