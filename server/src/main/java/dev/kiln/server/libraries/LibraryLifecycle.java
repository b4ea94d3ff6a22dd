package dev.kiln.server.libraries;

import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.libraries.LibraryInstallStatus;
import java.util.Optional;

/**
 * The pure rules that tie a library's stored status to its cluster's lifecycle. A stored status is
 * about the driver of one generation; when the cluster has moved on (a start or restart made a new
 * driver) or is going away, the library is not on any driver, whatever was stored:
 *
 * <ul>
 *   <li>shown: a library on the current, running driver shows its stored status (or
 *       UNINSTALL_ON_RESTART when marked for uninstall); otherwise it is PENDING (installed when
 *       the cluster next runs), a library marked for uninstall is gone, and one Kiln cannot install
 *       stays FAILED.
 *   <li>caught up: once the cluster has a newer generation, a marked library is deleted and the
 *       others go back to PENDING for the new driver (unsupported ones stay FAILED).
 * </ul>
 */
final class LibraryLifecycle {
  private LibraryLifecycle() {}

  /** The stored status is about the driver that runs now. */
  static boolean current(LibraryRow row, ClusterState state, int generation) {
    return row.generation() == generation
        && state.isActive()
        && state != ClusterState.TERMINATING
        && state != ClusterState.RESTARTING;
  }

  /** The status the API shows, or empty when the library is gone from the cluster. */
  static Optional<LibraryInstallStatus> shown(
      LibraryRow row, boolean unsupported, ClusterState state, int generation) {
    boolean current = current(row, state, generation);
    if (row.uninstallRequested()) {
      return current ? Optional.of(LibraryInstallStatus.UNINSTALL_ON_RESTART) : Optional.empty();
    }
    if (unsupported) {
      return Optional.of(LibraryInstallStatus.FAILED);
    }
    return Optional.of(current ? row.status() : LibraryInstallStatus.PENDING);
  }

  /** What to do with a stored library when its cluster is at {@code generation}. */
  enum CatchUp {
    /** The row is about the current generation. */
    KEEP,
    /** Marked for uninstall and the driver that had it is gone. */
    DELETE,
    /** Back to PENDING (or FAILED, if unsupported) for the new generation. */
    RESET
  }

  static CatchUp catchUp(LibraryRow row, int generation) {
    if (row.generation() >= generation) {
      return CatchUp.KEEP;
    }
    return row.uninstallRequested() ? CatchUp.DELETE : CatchUp.RESET;
  }
}
