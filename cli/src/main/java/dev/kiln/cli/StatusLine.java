package dev.kiln.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

/**
 * A waiting step's progress on stderr, as {@code --wait} shows it: one self-rewriting line in a
 * terminal; otherwise a plain line when the status changes, and at least every {@link
 * #PLAIN_EVERY}.
 */
final class StatusLine {
  static final Duration PLAIN_EVERY = Duration.ofSeconds(30);

  private final PrintStream err;
  private final boolean terminal;
  private String shown;
  private Instant shownAt = Instant.MIN;
  private int shownWidth;

  StatusLine(PrintStream err, boolean terminal) {
    this.err = err;
    this.terminal = terminal;
  }

  /** Shows {@code what: status}, waited for {@code elapsed}, at {@code now}. */
  void show(String what, String status, Duration elapsed, Instant now) {
    String line = what + ": " + status;
    if (terminal) {
      String text = line + "  " + Durations.format(elapsed);
      err.print("\r" + text + " ".repeat(Math.max(0, shownWidth - text.length())));
      err.flush();
      shownWidth = text.length();
    } else if (!line.equals(shown) || !now.isBefore(shownAt.plus(PLAIN_EVERY))) {
      err.println(line + " (" + Durations.format(elapsed) + ")");
      err.flush();
      shown = line;
      shownAt = now;
    }
  }

  /** Ends a terminal's line, so what follows starts on its own. */
  void done() {
    if (terminal && shownWidth > 0) {
      err.println();
      err.flush();
      shownWidth = 0;
    }
  }
}
