package dev.kiln.server.dbfs;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock tests move by hand; each read can also advance it by a fixed step. */
final class MutableClock extends Clock {
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");
  private Duration stepPerRead = Duration.ZERO;

  void advance(Duration by) {
    now = now.plus(by);
  }

  /** Makes every read of the clock move it forward by {@code step}. */
  void stepEveryRead(Duration step) {
    stepPerRead = step;
  }

  @Override
  public Instant instant() {
    Instant read = now;
    now = now.plus(stepPerRead);
    return read;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
