package dev.kiln.cli;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The loop of every wait of the CLI: polls until there is an answer, showing what each poll saw on
 * a {@link StatusLine}; fails with exit {@link Kiln#TIMED_OUT} once the deadline passes (the work
 * goes on on the server), and with exit 1 when interrupted. Polls start {@code firstPoll} apart and
 * double up to {@link #POLL}.
 */
final class Waiting {
  static final Duration POLL = Duration.ofSeconds(1);

  /**
   * What one poll saw: the status to show (null: nothing) and the answer, null while there is none.
   * A {@code failure} ends the wait (exit 1) once its status is shown.
   */
  record Seen<T>(String status, T answer, String failure) {
    /** Not there yet: {@code status} is shown and the wait goes on. */
    static <T> Seen<T> waiting(String status) {
      return new Seen<>(status, null, null);
    }

    /** There: {@code status} (unless null) is shown, and the wait answers {@code answer}. */
    static <T> Seen<T> done(String status, T answer) {
      return new Seen<>(status, answer, null);
    }

    /** Never there: {@code status} is shown, then the wait fails with {@code message}. */
    static <T> Seen<T> failed(String status, String message) {
      return new Seen<>(status, null, message);
    }
  }

  private final StatusLine line;
  private final Clock clock;
  private final Duration firstPoll;

  Waiting(StatusLine line, Clock clock) {
    this(line, clock, POLL);
  }

  Waiting(StatusLine line, Clock clock, Duration firstPoll) {
    this.line = line;
    this.clock = clock;
    this.firstPoll = firstPoll;
  }

  /**
   * The answer of {@code poll}.
   *
   * @param label what the status line names (e.g. {@code run 12})
   * @param subject what an interrupted wait names after "waiting for "
   * @param timeout the time the deadline stands for, as the time-out failure says it
   * @param timedOut the words after "waiting for " of the time-out failure, given the last status
   */
  <T> T until(
      String label,
      String subject,
      Instant deadline,
      Duration timeout,
      UnaryOperator<String> timedOut,
      Supplier<Seen<T>> poll) {
    Instant start = clock.instant();
    Duration pause = firstPoll;
    try {
      while (true) {
        Seen<T> seen = poll.get();
        Instant now = clock.instant();
        if (seen.status() != null) {
          line.show(label, seen.status(), Duration.between(start, now), now);
        }
        if (seen.failure() != null) {
          throw new CliFailure(seen.failure());
        }
        if (seen.answer() != null) {
          return seen.answer();
        }
        if (!now.isBefore(deadline)) {
          throw new CliFailure(
              "timed out after "
                  + Durations.format(timeout)
                  + " waiting for "
                  + timedOut.apply(seen.status()),
              Kiln.TIMED_OUT);
        }
        Thread.sleep(
            Math.max(1, Math.min(pause.toMillis(), Duration.between(now, deadline).toMillis())));
        pause = pause.multipliedBy(2).compareTo(POLL) > 0 ? POLL : pause.multipliedBy(2);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliFailure("interrupted while waiting for " + subject);
    } finally {
      line.done();
    }
  }

  /** {@link #until} with a deadline {@code timeout} from now. */
  <T> T until(
      String label,
      String subject,
      Duration timeout,
      UnaryOperator<String> timedOut,
      Supplier<Seen<T>> poll) {
    return until(label, subject, clock.instant().plus(timeout), timeout, timedOut, poll);
  }
}
