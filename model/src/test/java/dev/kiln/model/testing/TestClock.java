package dev.kiln.model.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The clock tests move by hand instead of sleeping, shared by every module's tests (the model's
 * test jar). A manual clock stands still until a test moves it; {@link #system()} is the system
 * clock plus whatever a test skipped, so time passes and can also jump. Thread-safe: servers under
 * test read it on their own threads. UTC.
 */
public final class TestClock extends Clock {
  private final Instant start; // null: the system clock's time
  private Duration skipped = Duration.ZERO;
  private Duration stepPerRead = Duration.ZERO;

  /** A manual clock at 2026-01-01T00:00:00Z. */
  public TestClock() {
    this(Instant.parse("2026-01-01T00:00:00Z"));
  }

  /** A manual clock at {@code start}. */
  public TestClock(Instant start) {
    this.start = start;
  }

  /** The system clock, plus what {@link #advance} skips. */
  public static TestClock system() {
    return new TestClock(null);
  }

  public synchronized void advance(Duration by) {
    skipped = skipped.plus(by);
  }

  /** Moves a manual clock to {@code instant}, forward or back. */
  public synchronized void set(Instant instant) {
    if (start == null) {
      throw new IllegalStateException("the system clock cannot be set, only advanced");
    }
    skipped = Duration.between(start, instant);
  }

  /** Makes every read of the clock move it forward by {@code step}. */
  public synchronized void stepEveryRead(Duration step) {
    stepPerRead = step;
  }

  @Override
  public synchronized Instant instant() {
    Instant base = start == null ? Instant.ofEpochMilli(System.currentTimeMillis()) : start;
    Instant read = base.plus(skipped);
    skipped = skipped.plus(stepPerRead);
    return read;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
