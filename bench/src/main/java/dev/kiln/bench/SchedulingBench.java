package dev.kiln.bench;

import dev.kiln.server.config.KilnConfig;
import dev.kiln.server.jobs.schedule.CronSchedule;
import dev.kiln.server.jobs.schedule.JobScheduler;
import dev.kiln.server.jobs.schedule.ScheduledRuns;
import dev.kiln.server.store.Database;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.jdbi.v3.core.Jdbi;

/**
 * Schedule precision: 1,000 jobs whose schedules are due at the same second, fired by the job
 * scheduler's own thread; precision is when {@code fire} is called minus the due time. The
 * scheduler runs in this JVM on an H2 file store like the server's, once with each fire recorded as
 * a row (as the jobs side records a run) and once recorded in memory, which is the scheduler alone.
 */
final class SchedulingBench implements Benchmark {
  static final int JOBS = 1000;
  static final int ROUNDS = 3;

  /** Every 10 seconds, Databricks' shortest spacing of scheduled runs. */
  private static final String EVERY_10_S = "0/10 * * * * ?";

  @Override
  public String name() {
    return "scheduling";
  }

  @Override
  public Section section() {
    return Section.SCHEDULING;
  }

  @Override
  public List<Row> run(Context context) throws Exception {
    String loadBefore = Machine.loadAverage();
    List<Row> rows = new ArrayList<>();
    rows.add(measure(context.work().resolve("scheduling-h2"), true));
    rows.add(measure(context.work().resolve("scheduling-memory"), false));
    rows.add(
        Row.of(
            Section.SCHEDULING,
            "machine load (1 / 5 / 15 min averages)",
            "-",
            "-",
            "-",
            "before " + loadBefore + ", after " + Machine.loadAverage()));
    return rows;
  }

  /** One fire as the scheduler made it. */
  private record Fire(long jobId, Instant due, Instant at) {}

  private Row measure(Path home, boolean recordInStore) throws IOException, InterruptedException {
    Clock clock = Clock.systemUTC();
    ConcurrentLinkedQueue<Fire> fires = new ConcurrentLinkedQueue<>();
    try (Database database = Database.open(KilnConfig.defaults(home))) {
      Jdbi jdbi = database.jdbi();
      jdbi.useHandle(
          h ->
              h.execute(
                  "CREATE TABLE bench_fires (job_id BIGINT NOT NULL, due_time BIGINT NOT NULL,"
                      + " fired_at BIGINT NOT NULL, PRIMARY KEY (job_id, due_time))"));
      ScheduledRuns runs =
          (jobId, due) -> {
            Instant at = clock.instant();
            fires.add(new Fire(jobId, due, at));
            if (recordInStore) {
              jdbi.useHandle(
                  h ->
                      h.createUpdate(
                              "INSERT INTO bench_fires (job_id, due_time, fired_at)"
                                  + " VALUES (:job, :due, :at)")
                          .bind("job", jobId)
                          .bind("due", due.toEpochMilli())
                          .bind("at", at.toEpochMilli())
                          .execute());
            }
          };
      try (JobScheduler scheduler =
          new JobScheduler(jdbi, runs, clock, JobScheduler.Settings.defaults())) {
        scheduler.start();
        long putStart = System.nanoTime();
        jdbi.useTransaction(
            h -> {
              for (long job = 1; job <= JOBS; job++) {
                scheduler.put(h, job, new CronSchedule(EVERY_10_S, "UTC", false));
              }
            });
        long putMillis = (System.nanoTime() - putStart) / 1_000_000;
        // Rounds whose due time came after every schedule was stored: all 1,000 are due in them.
        Instant firstDue = clock.instant().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        while (firstDue.getEpochSecond() % 10 != 0) {
          firstDue = firstDue.plusSeconds(1);
        }
        Instant lastDue = firstDue.plusSeconds(10L * (ROUNDS - 1));
        awaitRounds(fires, firstDue, lastDue, clock);
        return row(recordInStore, fires, firstDue, lastDue, putMillis);
      }
    }
  }

  /** Waits until every job fired for every measured round (at most a minute past the last). */
  private static void awaitRounds(
      ConcurrentLinkedQueue<Fire> fires, Instant firstDue, Instant lastDue, Clock clock)
      throws InterruptedException {
    Instant giveUp = lastDue.plusSeconds(60);
    while (clock.instant().isBefore(giveUp)) {
      long done =
          fires.stream()
              .filter(f -> !f.due().isBefore(firstDue) && !f.due().isAfter(lastDue))
              .count();
      if (done >= (long) JOBS * ROUNDS) {
        return;
      }
      Thread.sleep(200);
    }
  }

  private static Row row(
      boolean recordInStore,
      ConcurrentLinkedQueue<Fire> fires,
      Instant firstDue,
      Instant lastDue,
      long putMillis) {
    Map<Instant, List<Long>> byRound = new TreeMap<>();
    List<Long> all = new ArrayList<>();
    for (Fire f : fires) {
      if (f.due().isBefore(firstDue) || f.due().isAfter(lastDue)) {
        continue;
      }
      long micros = Duration.between(f.due(), f.at()).toNanos() / 1000;
      all.add(micros);
      byRound.computeIfAbsent(f.due(), d -> new ArrayList<>()).add(micros);
    }
    String name =
        recordInStore
            ? "1,000 jobs due at the same second, each fire recorded in H2"
            : "1,000 jobs due at the same second, fires kept in memory (the scheduler alone)";
    if (all.size() < JOBS * ROUNDS) {
      return Row.missing(
          Section.SCHEDULING,
          name,
          "only " + all.size() + " of " + JOBS * ROUNDS + " fires within a minute");
    }
    all.sort(null);
    StringBuilder rounds = new StringBuilder();
    for (Map.Entry<Instant, List<Long>> round : byRound.entrySet()) {
      List<Long> r = round.getValue();
      r.sort(null);
      rounds
          .append(rounds.length() == 0 ? "" : "; ")
          .append(
              String.format(
                  Locale.ROOT, "first %s, last %s", ms(r.get(0)), ms(r.get(r.size() - 1))));
    }
    return Row.of(
        Section.SCHEDULING,
        name,
        ms(percentile(all, 0.5)),
        ms(percentile(all, 0.99)),
        ms(all.get(all.size() - 1)),
        String.format(
            Locale.ROOT,
            "%d rounds of %d fires (schedule `%s` in UTC); per round %s. Storing the %d schedules"
                + " (one transaction of puts): %d ms.",
            ROUNDS,
            JOBS,
            EVERY_10_S,
            rounds,
            JOBS,
            putMillis));
  }

  private static long percentile(List<Long> sorted, double fraction) {
    int rank = (int) Math.ceil(fraction * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static String ms(long micros) {
    return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
  }
}
