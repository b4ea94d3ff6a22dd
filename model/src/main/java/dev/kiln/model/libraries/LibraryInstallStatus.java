package dev.kiln.model.libraries;

import java.util.EnumSet;
import java.util.Set;

/**
 * A library's status on a cluster, as the Libraries API names it, owning the transitions Kiln makes
 * between the stored ones: a library waits (PENDING), Maven coordinates resolve (RESOLVING), files
 * land on the driver (INSTALLING), then INSTALLED or FAILED. Every status goes back to PENDING when
 * the cluster gets a new driver (start, restart), and FAILED also when the library is asked for
 * again. UNINSTALL_ON_RESTART is how an installed library marked for removal is shown; Kiln never
 * answers SKIPPED or RESTORED.
 */
public enum LibraryInstallStatus {
  PENDING,
  RESOLVING,
  INSTALLING,
  INSTALLED,
  FAILED,
  UNINSTALL_ON_RESTART,
  SKIPPED,
  RESTORED;

  /** Whether a library in this status may move to {@code next}. */
  public boolean canMoveTo(LibraryInstallStatus next) {
    return successors().contains(next);
  }

  /** The statuses this one may move to. */
  public Set<LibraryInstallStatus> successors() {
    return switch (this) {
      case PENDING -> EnumSet.of(RESOLVING, INSTALLING, INSTALLED, FAILED);
      case RESOLVING -> EnumSet.of(INSTALLING, INSTALLED, FAILED, PENDING);
      case INSTALLING -> EnumSet.of(INSTALLED, FAILED, PENDING);
      case INSTALLED, FAILED -> EnumSet.of(PENDING);
      case UNINSTALL_ON_RESTART, SKIPPED, RESTORED -> EnumSet.noneOf(LibraryInstallStatus.class);
    };
  }

  /** INSTALLED or FAILED: nothing more happens until the cluster restarts. */
  public boolean isSettled() {
    return this == INSTALLED || this == FAILED;
  }
}
