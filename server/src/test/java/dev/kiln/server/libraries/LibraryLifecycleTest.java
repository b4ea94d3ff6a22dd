package dev.kiln.server.libraries;

import static dev.kiln.model.libraries.LibraryInstallStatus.FAILED;
import static dev.kiln.model.libraries.LibraryInstallStatus.INSTALLED;
import static dev.kiln.model.libraries.LibraryInstallStatus.INSTALLING;
import static dev.kiln.model.libraries.LibraryInstallStatus.PENDING;
import static dev.kiln.model.libraries.LibraryInstallStatus.UNINSTALL_ON_RESTART;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.libraries.LibraryInstallStatus;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How a stored library status reads against its cluster's state and generation. */
class LibraryLifecycleTest {
  private static LibraryRow row(LibraryInstallStatus status, int generation, boolean uninstall) {
    return new LibraryRow(1, "c", "k", "{}", status, null, generation, uninstall, 0, 0);
  }

  private static Optional<LibraryInstallStatus> shown(
      LibraryRow row, ClusterState state, int generation) {
    return LibraryLifecycle.shown(row, false, state, generation);
  }

  @Test
  void aLibraryOnTheRunningDriverShowsItsStoredStatus() {
    for (LibraryInstallStatus stored : EnumSet.of(PENDING, INSTALLING, INSTALLED, FAILED)) {
      for (ClusterState running : EnumSet.of(ClusterState.RUNNING, ClusterState.RESIZING)) {
        assertThat(shown(row(stored, 3, false), running, 3)).contains(stored);
      }
    }
  }

  @Test
  void aLibraryMarkedForUninstallShowsUninstallOnRestartUntilTheDriverGoes() {
    assertThat(shown(row(INSTALLED, 3, true), ClusterState.RUNNING, 3))
        .contains(UNINSTALL_ON_RESTART);
    assertThat(shown(row(INSTALLED, 3, true), ClusterState.RESTARTING, 4)).isEmpty();
    assertThat(shown(row(INSTALLED, 3, true), ClusterState.RUNNING, 4)).isEmpty();
    assertThat(shown(row(INSTALLED, 3, true), ClusterState.TERMINATING, 3)).isEmpty();
    assertThat(shown(row(INSTALLED, 3, true), ClusterState.TERMINATED, 3)).isEmpty();
  }

  @Test
  void withoutItsDriverALibraryIsPendingUntilTheClusterRunsAgain() {
    assertThat(shown(row(INSTALLED, 3, false), ClusterState.RESTARTING, 4)).contains(PENDING);
    assertThat(shown(row(INSTALLED, 3, false), ClusterState.RUNNING, 4)).contains(PENDING);
    assertThat(shown(row(FAILED, 3, false), ClusterState.PENDING, 4)).contains(PENDING);
    for (ClusterState gone :
        EnumSet.of(
            ClusterState.TERMINATING,
            ClusterState.TERMINATED,
            ClusterState.ERROR,
            ClusterState.UNKNOWN)) {
      assertThat(shown(row(INSTALLED, 3, false), gone, 3)).as("%s", gone).contains(PENDING);
    }
  }

  @Test
  void aLibraryKilnCannotInstallIsAlwaysFailed() {
    for (ClusterState state : ClusterState.values()) {
      assertThat(LibraryLifecycle.shown(row(FAILED, 1, false), true, state, 2)).contains(FAILED);
    }
  }

  @Test
  void aNewGenerationDeletesMarkedLibrariesAndResetsTheOthers() {
    assertThat(LibraryLifecycle.catchUp(row(INSTALLED, 3, false), 3))
        .isEqualTo(LibraryLifecycle.CatchUp.KEEP);
    assertThat(LibraryLifecycle.catchUp(row(INSTALLED, 3, true), 3))
        .isEqualTo(LibraryLifecycle.CatchUp.KEEP);
    assertThat(LibraryLifecycle.catchUp(row(INSTALLED, 3, true), 4))
        .isEqualTo(LibraryLifecycle.CatchUp.DELETE);
    for (LibraryInstallStatus stored : EnumSet.of(PENDING, INSTALLING, INSTALLED, FAILED)) {
      assertThat(LibraryLifecycle.catchUp(row(stored, 3, false), 4))
          .isEqualTo(LibraryLifecycle.CatchUp.RESET);
    }
  }
}
