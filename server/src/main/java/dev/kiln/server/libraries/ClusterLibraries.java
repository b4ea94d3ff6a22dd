package dev.kiln.server.libraries;

import dev.kiln.model.libraries.Library;
import java.time.Duration;
import java.util.List;

/** What the jobs side needs of cluster libraries: install them and wait until they are usable. */
public interface ClusterLibraries {
  /**
   * Asks for the libraries on the cluster (kept as the cluster's desired libraries, installed on
   * its driver and executors as soon as it runs, again after restarts). Returns at once.
   */
  void install(String clusterId, List<Library> libraries);

  /**
   * Waits until each of {@code libraries} is installed on the running cluster or has failed.
   * Returns the failures (empty when all are installed); a library still pending at the timeout
   * counts as failed.
   */
  List<Failure> awaitInstalled(String clusterId, List<Library> libraries, Duration timeout)
      throws InterruptedException;

  /** A library that could not be installed, with the reason a user can act on. */
  record Failure(Library library, String message) {}
}
