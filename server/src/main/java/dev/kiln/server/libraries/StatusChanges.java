package dev.kiln.server.libraries;

/**
 * Where the installer announces that library statuses changed and the jobs engine, waiting for a
 * task's libraries, hears it: both are built on it, so neither needs the other.
 */
public final class StatusChanges {
  private final Object lock = new Object();

  /** Wakes the waiters: statuses changed. */
  void announce() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /**
   * Waits at most {@code millis} ms (at least 1) for an announcement, or less: a caller loops,
   * checking the store each time.
   */
  @SuppressWarnings("WaitNotInLoop") // the callers' loop
  void await(long millis) throws InterruptedException {
    synchronized (lock) {
      lock.wait(Math.max(1, millis));
    }
  }
}
