package dev.kiln.server.jobs.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * What to do with a schedule whose stored next fire time has come: fire it for one due time (or
 * not), and when it is due next. A pure function of the schedule, the stored due time and now.
 *
 * <p>Catch-up: when the scheduler was down or slow and several due times passed, only the most
 * recent one fires, and only if it is at most {@code grace} old; older ones are skipped. A job
 * never gets a burst of runs after downtime, and a short outage or restart does not lose a run.
 *
 * <p>Spacing: after a fire the next due time is at least {@code minInterval} later (Databricks
 * keeps 10 seconds between the runs a schedule starts, whatever the expression says).
 *
 * @param fire the due time to fire for, or null to fire nothing
 * @param next the next fire time to store, or null when the expression has no more due times
 */
public record FirePlan(Instant fire, Instant next) {

  /**
   * The plan for a schedule stored as due at {@code due} (a due time of {@code times}, at or before
   * {@code now}).
   */
  public static FirePlan at(
      FireTimes times, Instant due, Instant now, Duration grace, Duration minInterval) {
    Instant oldestWorthFiring = now.minus(grace);
    Instant latest = due.isBefore(oldestWorthFiring) ? times.nextAtOrAfter(oldestWorthFiring) : due;
    if (latest == null || latest.isAfter(now)) {
      // Every due time up to now is older than the grace window: skip them all.
      return new FirePlan(null, latest == null ? null : times.next(now));
    }
    for (Instant n = times.next(latest); n != null && !n.isAfter(now); n = times.next(latest)) {
      latest = n;
    }
    Instant earliestNext = latest.plus(minInterval);
    Instant next = earliestNext.isAfter(now) ? times.nextAtOrAfter(earliestNext) : times.next(now);
    return new FirePlan(latest, next);
  }
}
