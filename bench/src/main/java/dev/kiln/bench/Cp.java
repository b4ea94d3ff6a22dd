package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** The yardstick for file transfers: the system's {@code cp}, run and timed as a process. */
final class Cp {
  private Cp() {}

  /** Copies {@code source} to a fresh {@code target} {@code runs} times; the median seconds. */
  static double medianSeconds(Path source, Path target, int runs)
      throws IOException, InterruptedException {
    double[] seconds = new double[runs];
    for (int i = 0; i < runs; i++) {
      Files.deleteIfExists(target);
      long start = System.nanoTime();
      Process cp =
          new ProcessBuilder("cp", source.toString(), target.toString()).inheritIO().start();
      if (!cp.waitFor(5, TimeUnit.MINUTES)) {
        cp.destroyForcibly();
        throw new IllegalStateException("cp took over 5 minutes");
      }
      seconds[i] = (System.nanoTime() - start) / 1e9;
      if (cp.exitValue() != 0) {
        throw new IllegalStateException("cp exited with " + cp.exitValue());
      }
    }
    Files.deleteIfExists(target);
    Arrays.sort(seconds);
    return seconds[runs / 2];
  }
}
