package dev.kiln.server.jobs.schedule;

import dev.kiln.server.api.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the jobs' cron schedules: one thread sleeps until the earliest stored next fire time (or
 * until woken, or {@link Settings#safetyNet} at most), then for each due schedule calls {@link
 * ScheduledRuns#fire} and moves the schedule's next fire time on by compare-and-set. Nothing that
 * matters is in memory: a crash between a fire and its advance repeats that fire after the restart,
 * and the jobs side records one run per job and due time.
 *
 * <p>Rules (see {@link FireTimes} for time zones and daylight saving, {@link FirePlan} for
 * catch-up):
 *
 * <ul>
 *   <li>A new or changed schedule is due first at its next due time after now.
 *   <li>Missed due times (downtime, a slow pass) fire at most once: the most recent of them, if it
 *       is at most {@link Settings#grace} old (one hour by default); older ones are skipped.
 *   <li>A paused schedule never fires; unpausing it schedules from now, without catching up the due
 *       times that passed while it was paused.
 *   <li>Runs of one schedule are at least {@link Settings#minInterval} apart (10 s, as on
 *       Databricks).
 * </ul>
 *
 * <p>Tests drive it without the thread: {@link #runDue} is one pass at the injected clock's now.
 */
public final class JobScheduler implements JobSchedules, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(JobScheduler.class);

  /**
   * Settings of the scheduler; the defaults suit production.
   *
   * @param grace how old a missed due time may be and still fire (once) after downtime
   * @param minInterval the least time between two fires of one schedule
   * @param safetyNet the longest the thread sleeps without looking at the store
   * @param retryDelay the wait before a failed fire is tried again
   * @param pageSize due schedules read per query
   */
  public record Settings(
      Duration grace, Duration minInterval, Duration safetyNet, Duration retryDelay, int pageSize) {
    public Settings {
      Objects.requireNonNull(grace, "grace");
      Objects.requireNonNull(minInterval, "minInterval");
      Objects.requireNonNull(safetyNet, "safetyNet");
      Objects.requireNonNull(retryDelay, "retryDelay");
      if (pageSize < 1) {
        throw new IllegalArgumentException("pageSize must be positive");
      }
    }

    public static Settings defaults() {
      return new Settings(
          Duration.ofHours(1),
          Duration.ofSeconds(10),
          Duration.ofSeconds(5),
          Duration.ofSeconds(1),
          500);
    }
  }

  private final Jdbi jdbi;
  private final ScheduledRuns runs;
  private final Clock clock;
  private final Settings settings;

  private final Object lock = new Object();
  private boolean woken;
  private volatile boolean closed;
  private Thread thread;

  public JobScheduler(Jdbi jdbi, ScheduledRuns runs, Clock clock, Settings settings) {
    this.jdbi = jdbi;
    this.runs = runs;
    this.clock = clock;
    this.settings = settings;
  }

  // ---- JobSchedules: called in the jobs' transactions

  @Override
  public void put(Handle handle, long jobId, CronSchedule schedule) {
    Objects.requireNonNull(schedule, "schedule");
    Instant now = clock.instant();
    Instant first =
        FireTimes.of(schedule.quartzCronExpression(), schedule.timezoneId()).requireNext(now);
    Optional<ScheduleRow> stored = ScheduleStore.byJob(handle, jobId);
    if (stored.isPresent() && stored.get().sameAs(schedule)) {
      // Unchanged (a job update that kept its schedule): a due time still pending stays pending.
      return;
    }
    Instant next = schedule.paused() ? null : first;
    ScheduleRow row =
        new ScheduleRow(
            jobId,
            schedule.quartzCronExpression(),
            FireTimes.timezoneOrDefault(schedule.timezoneId()),
            schedule.paused(),
            next == null ? null : next.toEpochMilli(),
            now.toEpochMilli(),
            0);
    if (stored.isPresent()) {
      ScheduleStore.replace(handle, row);
    } else {
      ScheduleStore.insert(handle, row);
    }
    if (next != null) {
      // The thread may be asleep until a later time; it must see this row, so after the commit.
      if (handle.isInTransaction()) {
        handle.afterCommit(this::wake);
      } else {
        wake();
      }
    }
  }

  @Override
  public void remove(Handle handle, long jobId) {
    ScheduleStore.delete(handle, jobId);
  }

  /**
   * When the schedule of {@code jobId} fires next; empty when it has none, is paused or is over.
   */
  public Optional<Instant> nextFireTime(long jobId) {
    return jdbi.withHandle(h -> ScheduleStore.byJob(h, jobId))
        .map(ScheduleRow::nextFireTime)
        .map(Instant::ofEpochMilli);
  }

  // ---- the loop

  /** Starts the scheduler thread. */
  public void start() {
    synchronized (lock) {
      if (thread != null || closed) {
        throw new IllegalStateException("the scheduler was already started or closed");
      }
      thread = new Thread(this::loop, "kiln-job-scheduler");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** Makes the thread look at the store now, e.g. after a schedule changed. */
  public void wake() {
    synchronized (lock) {
      woken = true;
      lock.notifyAll();
    }
  }

  private void loop() {
    while (!closed) {
      Duration wait;
      try {
        wait = runDue();
      } catch (RuntimeException e) {
        LOG.warn("Scheduler pass failed; will retry", e);
        wait = settings.retryDelay();
      }
      synchronized (lock) {
        try {
          if (!woken && !closed && !wait.isZero()) {
            lock.wait(Math.max(1, wait.toMillis()));
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        woken = false;
      }
    }
  }

  /**
   * One pass at the clock's now: fires every due schedule (in due order, a page at a time) and
   * moves each on. Returns how long the thread may sleep: until the earliest next fire time, at
   * most {@link Settings#safetyNet}, at least {@link Settings#retryDelay} after a failed fire.
   */
  public synchronized Duration runDue() {
    Instant now = clock.instant();
    // Jobs due together mostly share a schedule ("0 0 * * * ?"): plan each schedule once a pass.
    Map<PlanKey, FirePlan> plans = new HashMap<>();
    long afterTime = Long.MIN_VALUE;
    long afterJob = Long.MIN_VALUE;
    boolean failed = false;
    while (!closed) {
      long from = afterTime;
      long fromJob = afterJob;
      List<ScheduleRow> page =
          jdbi.withHandle(
              h -> ScheduleStore.due(h, now.toEpochMilli(), from, fromJob, settings.pageSize()));
      List<ScheduleStore.Advance> advances = new ArrayList<>(page.size());
      for (ScheduleRow row : page) {
        if (closed) {
          break;
        }
        Optional<ScheduleStore.Advance> advance = fire(row, now, plans);
        advance.ifPresent(advances::add);
        failed |= advance.isEmpty();
      }
      if (!advances.isEmpty()) {
        jdbi.useHandle(h -> ScheduleStore.advance(h, advances));
      }
      if (page.size() < settings.pageSize()) {
        break;
      }
      ScheduleRow last = page.get(page.size() - 1);
      afterTime = last.nextFireTime();
      afterJob = last.jobId();
    }
    return sleepAfterPass(failed);
  }

  /** What makes two schedules' plans the same. */
  private record PlanKey(String expression, String timezoneId, long due) {}

  /** Fires one due schedule; empty when the fire failed and the schedule must stay due. */
  private Optional<ScheduleStore.Advance> fire(
      ScheduleRow row, Instant now, Map<PlanKey, FirePlan> plans) {
    Instant due = Instant.ofEpochMilli(row.nextFireTime());
    FirePlan plan;
    try {
      plan =
          plans.computeIfAbsent(
              new PlanKey(row.expression(), row.timezoneId(), row.nextFireTime()),
              k ->
                  FirePlan.at(
                      FireTimes.of(k.expression(), k.timezoneId()),
                      due,
                      now,
                      settings.grace(),
                      settings.minInterval()));
    } catch (ApiException e) {
      LOG.error(
          "The stored schedule of job {} cannot be read ({}); it stays off until the job's"
              + " schedule is set again",
          row.jobId(),
          e.getMessage());
      return Optional.of(new ScheduleStore.Advance(row.jobId(), row.version(), null));
    }
    if (plan.fire() != null) {
      try {
        runs.fire(row.jobId(), plan.fire());
      } catch (RuntimeException e) {
        LOG.warn("Firing job {} for {} failed; will retry", row.jobId(), plan.fire(), e);
        return Optional.empty();
      }
    } else {
      LOG.warn(
          "Job {} missed its runs due from {} on, all more than {} ago: skipped; next at {}",
          row.jobId(),
          due,
          settings.grace(),
          plan.next());
    }
    Long next = plan.next() == null ? null : plan.next().toEpochMilli();
    return Optional.of(new ScheduleStore.Advance(row.jobId(), row.version(), next));
  }

  private Duration sleepAfterPass(boolean failed) {
    Optional<Long> earliest = jdbi.withHandle(ScheduleStore::earliest);
    long now = clock.millis();
    long millis =
        earliest
            .map(e -> Math.min(Math.max(0, e - now), settings.safetyNet().toMillis()))
            .orElse(settings.safetyNet().toMillis());
    if (failed) {
      millis = Math.max(millis, settings.retryDelay().toMillis());
    }
    return Duration.ofMillis(millis);
  }

  /** Stops the thread after the fire under way; the store keeps every schedule as it was. */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      closed = true;
      lock.notifyAll();
      t = thread;
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(Duration.ofSeconds(30).toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
