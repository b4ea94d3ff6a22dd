package dev.kiln.cli;

import java.io.PrintStream;
import java.util.Locale;

/**
 * One self-rewriting progress line on stderr for a large transfer. Only for a terminal: pipes, logs
 * and tests would get a mess of carriage returns.
 */
final class Progress {
  /** Smaller transfers finish before a progress line would help. */
  static final long THRESHOLD = 8L << 20;

  private static final double MB = 1 << 20;

  private final PrintStream err;
  private final String name;
  private final long total;
  private long done;
  private int shownPercent = -1;

  private Progress(PrintStream err, String name, long total) {
    this.err = err;
    this.name = name;
    this.total = total;
  }

  /** A progress line for {@code total} bytes, or null when none should be shown. */
  static Progress start(PrintStream err, boolean terminal, String name, long total) {
    return terminal && total > THRESHOLD ? new Progress(err, name, total) : null;
  }

  void advance(long bytes) {
    done += bytes;
    int percent = (int) (done * 100 / total);
    // Redraw on whole percents only, so a fast copy does not flood the terminal.
    if (percent != shownPercent) {
      shownPercent = percent;
      err.printf(Locale.ROOT, "\r%s  %.1f / %.1f MB  %3d%%", name, done / MB, total / MB, percent);
      err.flush();
    }
  }

  void finish() {
    err.println();
    err.flush();
  }
}
