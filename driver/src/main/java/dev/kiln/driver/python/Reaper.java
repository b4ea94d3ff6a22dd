package dev.kiln.driver.python;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure no Python process outlives the driver JVM: every live one is killed (with its
 * descendants) by a shutdown hook. A JVM killed with SIGKILL runs no hook; then the process sees
 * its stdin close and its py4j connection fail, and exits by itself.
 */
final class Reaper {
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> LIVE.forEach(Reaper::kill), "kiln-python-reaper"));
  }

  private Reaper() {}

  static void register(Process process) {
    LIVE.add(process);
  }

  static void unregister(Process process) {
    LIVE.remove(process);
  }

  /** SIGTERM to the process and its descendants, SIGKILL to what is left after 3 s. */
  static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(3, TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(3, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
