package dev.kiln.model.libraries;

import static dev.kiln.model.libraries.LibraryInstallStatus.FAILED;
import static dev.kiln.model.libraries.LibraryInstallStatus.INSTALLED;
import static dev.kiln.model.libraries.LibraryInstallStatus.INSTALLING;
import static dev.kiln.model.libraries.LibraryInstallStatus.PENDING;
import static dev.kiln.model.libraries.LibraryInstallStatus.RESOLVING;
import static dev.kiln.model.libraries.LibraryInstallStatus.RESTORED;
import static dev.kiln.model.libraries.LibraryInstallStatus.SKIPPED;
import static dev.kiln.model.libraries.LibraryInstallStatus.UNINSTALL_ON_RESTART;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The library status machine, transition by transition, and the status wire records. */
class LibraryInstallStatusTest {
  private static final Set<List<LibraryInstallStatus>> ALLOWED =
      Set.of(
          List.of(PENDING, RESOLVING),
          List.of(PENDING, INSTALLING),
          List.of(PENDING, INSTALLED),
          List.of(PENDING, FAILED),
          List.of(RESOLVING, INSTALLING),
          List.of(RESOLVING, INSTALLED),
          List.of(RESOLVING, FAILED),
          List.of(RESOLVING, PENDING),
          List.of(INSTALLING, INSTALLED),
          List.of(INSTALLING, FAILED),
          List.of(INSTALLING, PENDING),
          List.of(INSTALLED, PENDING),
          List.of(FAILED, PENDING));

  @Test
  void exactlyTheInstallationTransitionsAreAllowed() {
    Set<List<LibraryInstallStatus>> allowed = new HashSet<>();
    for (LibraryInstallStatus from : LibraryInstallStatus.values()) {
      for (LibraryInstallStatus to : LibraryInstallStatus.values()) {
        if (from.canMoveTo(to)) {
          allowed.add(List.of(from, to));
        }
      }
    }
    assertThat(allowed).isEqualTo(ALLOWED);
  }

  @Test
  void aDriverNeverTakesALibraryBackToResolving() {
    assertThat(INSTALLING.canMoveTo(RESOLVING)).isFalse();
    assertThat(INSTALLED.canMoveTo(INSTALLING)).isFalse();
    assertThat(FAILED.canMoveTo(INSTALLED)).isFalse();
  }

  @Test
  void shownOnlyStatusesAreNeverStored() {
    for (LibraryInstallStatus shown : List.of(UNINSTALL_ON_RESTART, SKIPPED, RESTORED)) {
      assertThat(shown.successors()).isEmpty();
      for (LibraryInstallStatus from : LibraryInstallStatus.values()) {
        assertThat(from.canMoveTo(shown)).as("%s -> %s", from, shown).isFalse();
      }
    }
  }

  @Test
  void onlyInstalledAndFailedAreSettled() {
    for (LibraryInstallStatus s : LibraryInstallStatus.values()) {
      assertThat(s.isSettled()).as("%s", s).isEqualTo(s == INSTALLED || s == FAILED);
    }
  }

  @Test
  void clusterStatusHasTheApiFieldNames() throws Exception {
    ObjectMapper json = Json.mapper();
    ClusterLibraryStatuses statuses =
        new ClusterLibraryStatuses(
            "c1",
            List.of(
                new LibraryFullStatus(
                    new Library(
                        null,
                        null,
                        null,
                        null,
                        new PythonPyPiLibrary("simplejson==3.8.0", null),
                        null,
                        null),
                    FAILED,
                    List.of("no such version"),
                    false)));
    Map<?, ?> tree = json.readValue(json.writeValueAsString(statuses), Map.class);
    assertThat(tree)
        .isEqualTo(
            Map.of(
                "cluster_id",
                "c1",
                "library_statuses",
                List.of(
                    Map.of(
                        "library",
                        Map.of("pypi", Map.of("package", "simplejson==3.8.0")),
                        "status",
                        "FAILED",
                        "messages",
                        List.of("no such version"),
                        "is_library_for_all_clusters",
                        false))));
  }
}
