package dev.kiln.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.kiln.model.testing.TestClock;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.jobs.schedule.CronSchedule;
import dev.kiln.server.jobs.schedule.JobScheduler;
import dev.kiln.server.jobs.schedule.ScheduledRuns;
import dev.kiln.server.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job scheduler on the real metadata store (H2, and PostgreSQL in the suite's second pass; one
 * database for the class, emptied before each test), driven by a clock the test moves: each pass is
 * {@link JobScheduler#runDue}, as the scheduler's thread calls it. Fires are recorded in a table
 * keyed by job and due time, as the jobs side records runs, so a repeated fire shows up as a
 * repeated call but never as a second row.
 */
class JobSchedulerStoreTest {
  private static final CronSchedule EVERY_MINUTE = new CronSchedule("0 * * * * ?", "UTC", false);
  private static final CronSchedule DAILY_2AM = new CronSchedule("0 0 2 * * ?", "UTC", false);

  @TempDir static Path home;
  private static Database database;
  private static Jdbi jdbi;
  private final TestClock clock = new TestClock(Instant.parse("2026-01-05T10:00:30Z"));
  private final Recorder recorder = new Recorder();
  private final List<JobScheduler> schedulers = new ArrayList<>();

  @BeforeAll
  static void open() throws Exception {
    database = StoreDatabase.open(home);
    jdbi = database.jdbi();
    jdbi.useHandle(
        h ->
            h.execute(
                "CREATE TABLE test_fires (job_id BIGINT NOT NULL, due_time BIGINT NOT NULL,"
                    + " PRIMARY KEY (job_id, due_time))"));
  }

  @AfterAll
  static void close() {
    database.close();
  }

  @BeforeEach
  void emptyTables() {
    jdbi.useHandle(h -> h.execute("DELETE FROM job_schedules"));
    jdbi.useHandle(h -> h.execute("DELETE FROM test_fires"));
  }

  @AfterEach
  void stopSchedulers() {
    schedulers.forEach(JobScheduler::close);
  }

  private JobScheduler scheduler(ScheduledRuns runs) {
    JobScheduler s = new JobScheduler(jdbi, runs, clock, JobScheduler.Settings.defaults());
    schedulers.add(s);
    return s;
  }

  private void put(JobScheduler s, long jobId, CronSchedule schedule) {
    jdbi.useTransaction(h -> s.put(h, jobId, schedule));
  }

  private void at(String instant) {
    clock.set(Instant.parse(instant));
  }

  /** Records each call, and each job and due time once in test_fires (like the jobs side). */
  private static final class Recorder implements ScheduledRuns {
    final List<String> calls = new ArrayList<>();

    @Override
    public synchronized void fire(long jobId, Instant dueTime) {
      calls.add(jobId + "@" + dueTime);
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO test_fires (job_id, due_time) SELECT :job, :due WHERE NOT"
                          + " EXISTS (SELECT 1 FROM test_fires WHERE job_id = :job AND due_time"
                          + " = :due)")
                  .bind("job", jobId)
                  .bind("due", dueTime.toEpochMilli())
                  .execute());
    }

    synchronized List<String> calls() {
      return List.copyOf(calls);
    }
  }

  /** The runs recorded in test_fires, as "job@due". */
  private List<String> recordedRuns() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT job_id, due_time FROM test_fires ORDER BY due_time, job_id")
                .map((rs, ctx) -> rs.getLong(1) + "@" + Instant.ofEpochMilli(rs.getLong(2)))
                .list());
  }

  private Map<String, Object> storedRow(long jobId) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT * FROM job_schedules WHERE job_id = :id")
                .bind("id", jobId)
                .mapToMap()
                .one());
  }

  @Test
  void eachDueTimeFiresExactlyOnce() {
    JobScheduler s = scheduler(recorder);
    put(s, 1, EVERY_MINUTE);
    assertThat(s.nextFireTime(1)).contains(Instant.parse("2026-01-05T10:01:00Z"));

    at("2026-01-05T10:00:59.999Z");
    s.runDue();
    assertThat(recorder.calls()).isEmpty();

    at("2026-01-05T10:01:00.050Z");
    s.runDue();
    s.runDue();
    at("2026-01-05T10:01:40Z");
    s.runDue();
    at("2026-01-05T10:02:00Z");
    s.runDue();

    assertThat(recorder.calls())
        .containsExactly("1@2026-01-05T10:01:00Z", "1@2026-01-05T10:02:00Z");
    assertThat(recordedRuns()).containsExactly("1@2026-01-05T10:01:00Z", "1@2026-01-05T10:02:00Z");
    assertThat(s.nextFireTime(1)).contains(Instant.parse("2026-01-05T10:03:00Z"));
  }

  @Test
  void passSleepsUntilTheEarliestDueTimeAtMostTheSafetyNet() {
    JobScheduler s = scheduler(recorder);
    assertThat(s.runDue()).isEqualTo(Duration.ofSeconds(5));
    put(s, 1, new CronSchedule("33 0 10 * * ?", "UTC", false)); // due at 10:00:33
    assertThat(s.runDue()).isEqualTo(Duration.ofSeconds(3));
    at("2026-01-05T10:00:32.250Z");
    assertThat(s.runDue()).isEqualTo(Duration.ofMillis(750));
  }

  @Test
  void aThousandJobsDueTogetherFireInOnePass() {
    JobScheduler s = scheduler(recorder);
    jdbi.useTransaction(
        h -> {
          for (long job = 1; job <= 1000; job++) {
            s.put(h, job, EVERY_MINUTE);
          }
        });
    at("2026-01-05T10:01:00.010Z");
    Duration sleep = s.runDue();

    assertThat(recorder.calls()).hasSize(1000).doesNotHaveDuplicates();
    assertThat(recordedRuns()).hasSize(1000).allMatch(r -> r.endsWith("@2026-01-05T10:01:00Z"));
    assertThat(s.nextFireTime(1)).contains(Instant.parse("2026-01-05T10:02:00Z"));
    assertThat(s.nextFireTime(1000)).contains(Instant.parse("2026-01-05T10:02:00Z"));
    assertThat(sleep).isEqualTo(Duration.ofSeconds(5)); // the next minute is more than 5 s away
  }

  @Test
  void crashBetweenFireAndAdvanceRepeatsTheFireButRecordsOneRun() {
    // The first scheduler dies right after the jobs side recorded the run, before the advance.
    AtomicBoolean crashed = new AtomicBoolean();
    JobScheduler first =
        scheduler(
            (job, due) -> {
              recorder.fire(job, due);
              if (crashed.compareAndSet(false, true)) {
                throw new IllegalStateException("control plane killed here");
              }
            });
    put(first, 7, EVERY_MINUTE);
    at("2026-01-05T10:01:00.100Z");
    first.runDue();
    first.close();
    assertThat(first.nextFireTime(7)).contains(Instant.parse("2026-01-05T10:01:00Z"));

    at("2026-01-05T10:01:03Z");
    JobScheduler restarted = scheduler(recorder);
    restarted.runDue();

    assertThat(recorder.calls())
        .containsExactly("7@2026-01-05T10:01:00Z", "7@2026-01-05T10:01:00Z");
    assertThat(recordedRuns()).containsExactly("7@2026-01-05T10:01:00Z");
    assertThat(restarted.nextFireTime(7)).contains(Instant.parse("2026-01-05T10:02:00Z"));
  }

  @Test
  void aFailedFireIsRetriedOnTheNextPass() {
    AtomicBoolean failOnce = new AtomicBoolean(true);
    JobScheduler s =
        scheduler(
            (job, due) -> {
              if (failOnce.getAndSet(false)) {
                throw new IllegalStateException("store busy");
              }
              recorder.fire(job, due);
            });
    put(s, 1, EVERY_MINUTE);
    at("2026-01-05T10:01:00Z");
    assertThat(s.runDue()).isEqualTo(Duration.ofSeconds(1)); // the retry delay, not a spin
    assertThat(recordedRuns()).isEmpty();
    at("2026-01-05T10:01:01Z");
    s.runDue();
    assertThat(recordedRuns()).containsExactly("1@2026-01-05T10:01:00Z");
  }

  @Test
  void restartAfterLongDowntimeSkipsTheMissedRuns() {
    JobScheduler before = scheduler(recorder);
    put(before, 1, DAILY_2AM);
    before.close();

    at("2026-01-08T09:00:00Z"); // three days and seven hours later
    JobScheduler after = scheduler(recorder);
    after.runDue();

    assertThat(recorder.calls()).isEmpty();
    assertThat(after.nextFireTime(1)).contains(Instant.parse("2026-01-09T02:00:00Z"));
  }

  @Test
  void restartWithinTheGraceWindowFiresTheLatestMissedRunOnce() {
    JobScheduler before = scheduler(recorder);
    put(before, 1, EVERY_MINUTE);
    put(before, 2, DAILY_2AM);
    before.close();

    at("2026-01-06T02:40:10Z"); // down for 16 hours: 2 is due at 02:00, 40 minutes ago
    JobScheduler after = scheduler(recorder);
    after.runDue();
    after.runDue();

    assertThat(recorder.calls())
        .containsExactlyInAnyOrder("1@2026-01-06T02:40:00Z", "2@2026-01-06T02:00:00Z");
    assertThat(after.nextFireTime(1)).contains(Instant.parse("2026-01-06T02:41:00Z"));
    assertThat(after.nextFireTime(2)).contains(Instant.parse("2026-01-07T02:00:00Z"));
  }

  @Test
  void pausedScheduleNeverFiresAndUnpausingSchedulesFromNow() {
    JobScheduler s = scheduler(recorder);
    put(s, 1, new CronSchedule("0 * * * * ?", "UTC", true));
    assertThat(s.nextFireTime(1)).isEmpty();

    at("2026-01-05T12:00:30Z");
    s.runDue();
    assertThat(recorder.calls()).isEmpty();

    put(s, 1, EVERY_MINUTE); // unpaused at 12:00:30: nothing of the paused two hours fires
    s.runDue();
    assertThat(recorder.calls()).isEmpty();
    assertThat(s.nextFireTime(1)).contains(Instant.parse("2026-01-05T12:01:00Z"));

    at("2026-01-05T12:01:00Z");
    s.runDue();
    assertThat(recorder.calls()).containsExactly("1@2026-01-05T12:01:00Z");

    put(s, 1, new CronSchedule("0 * * * * ?", "UTC", true));
    at("2026-01-05T12:05:00Z");
    s.runDue();
    assertThat(recorder.calls()).containsExactly("1@2026-01-05T12:01:00Z");
  }

  @Test
  void changingTheScheduleRecomputesFromNow() {
    JobScheduler s = scheduler(recorder);
    put(s, 1, DAILY_2AM);
    assertThat(s.nextFireTime(1)).contains(Instant.parse("2026-01-06T02:00:00Z"));

    put(s, 1, new CronSchedule("0 0 2 * * ?", "America/Los_Angeles", false));
    assertThat(s.nextFireTime(1)).contains(Instant.parse("2026-01-06T10:00:00Z"));
    put(s, 1, new CronSchedule("0 15 10 * * ?", "America/Los_Angeles", false));
    assertThat(s.nextFireTime(1)).contains(Instant.parse("2026-01-05T18:15:00Z"));
    assertThat(storedRow(1))
        .containsEntry("expression", "0 15 10 * * ?")
        .containsEntry("timezone_id", "America/Los_Angeles");
  }

  @Test
  void anUnchangedScheduleKeepsItsPendingDueTime() {
    JobScheduler s = scheduler(recorder);
    put(s, 1, EVERY_MINUTE);
    at("2026-01-05T10:01:00.500Z"); // due, and the pass has not run yet
    put(s, 1, EVERY_MINUTE); // e.g. the job's name changed
    s.runDue();
    assertThat(recorder.calls()).containsExactly("1@2026-01-05T10:01:00Z");
  }

  @Test
  void aScheduleReplacedDuringAPassKeepsTheNewSchedule() {
    // The jobs side changes the schedule while the scheduler fires it: the advance loses.
    JobScheduler[] self = new JobScheduler[1];
    JobScheduler s =
        scheduler(
            (job, due) -> {
              recorder.fire(job, due);
              put(self[0], job, DAILY_2AM);
            });
    self[0] = s;
    put(s, 1, EVERY_MINUTE);
    at("2026-01-05T10:01:00Z");
    s.runDue();
    assertThat(s.nextFireTime(1)).contains(Instant.parse("2026-01-06T02:00:00Z"));
    assertThat(storedRow(1)).containsEntry("expression", "0 0 2 * * ?");
  }

  @Test
  void invalidScheduleIsRefusedAndChangesNothing() {
    JobScheduler s = scheduler(recorder);
    put(s, 1, EVERY_MINUTE);
    Map<String, Object> before = storedRow(1);

    assertThatThrownBy(() -> put(s, 1, new CronSchedule("0 0 25 * * ?", "UTC", false)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
              assertThat(e.getMessage())
                  .startsWith("Invalid quartz_cron_expression '0 0 25 * * ?'");
            });
    assertThatThrownBy(() -> put(s, 1, new CronSchedule("0 * * * * ?", "Nowhere/Atlantis", false)))
        .isInstanceOf(ApiException.class)
        .hasMessageStartingWith("Invalid timezone_id 'Nowhere/Atlantis'");
    assertThatThrownBy(() -> put(s, 2, new CronSchedule("0 0 0 30 2 ?", "UTC", true)))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("never fires");

    assertThat(storedRow(1)).isEqualTo(before);
    assertThat(s.nextFireTime(2)).isEmpty();
  }

  @Test
  void aScheduleWrittenInATransactionThatRollsBackIsNotStored() {
    JobScheduler s = scheduler(recorder);
    assertThatThrownBy(
            () ->
                jdbi.useTransaction(
                    h -> {
                      s.put(h, 3, EVERY_MINUTE);
                      throw new IllegalStateException("the job insert failed");
                    }))
        .hasMessage("the job insert failed");
    assertThat(s.nextFireTime(3)).isEmpty();
    at("2026-01-05T10:01:00Z");
    s.runDue();
    assertThat(recorder.calls()).isEmpty();
  }

  @Test
  void removeForgetsTheSchedule() {
    JobScheduler s = scheduler(recorder);
    put(s, 1, EVERY_MINUTE);
    put(s, 2, EVERY_MINUTE);
    jdbi.useTransaction(h -> s.remove(h, 1));
    jdbi.useTransaction(h -> s.remove(h, 99)); // none: nothing to do
    at("2026-01-05T10:01:00Z");
    s.runDue();
    assertThat(recorder.calls()).containsExactly("2@2026-01-05T10:01:00Z");
    assertThat(s.nextFireTime(1)).isEmpty();
  }

  @Test
  void theLoopFiresOnceAcrossTheFallBackNight() {
    // Daily 01:30 in Los Angeles; on 2026-11-01 01:30 happens at 08:30 and 09:30 UTC.
    at("2026-11-01T07:00:00Z");
    JobScheduler s = scheduler(recorder);
    put(s, 1, new CronSchedule("0 30 1 * * ?", "America/Los_Angeles", false));
    for (Instant t = clock.instant();
        t.isBefore(Instant.parse("2026-11-01T12:00:00Z"));
        t = t.plus(Duration.ofMinutes(5))) {
      clock.set(t);
      s.runDue();
    }
    assertThat(recorder.calls()).containsExactly("1@2026-11-01T08:30:00Z");
    assertThat(s.nextFireTime(1)).contains(Instant.parse("2026-11-02T09:30:00Z"));
  }

  @Test
  void theLoopFiresOnceAcrossTheSpringForwardNight() {
    // Daily 02:30 in Berlin; on 2026-03-29 it does not exist and fires at 03:00 CEST (01:00 UTC).
    at("2026-03-28T22:00:00Z");
    JobScheduler s = scheduler(recorder);
    put(s, 1, new CronSchedule("0 30 2 * * ?", "Europe/Berlin", false));
    for (Instant t = clock.instant();
        t.isBefore(Instant.parse("2026-03-29T04:00:00Z"));
        t = t.plus(Duration.ofMinutes(5))) {
      clock.set(t);
      s.runDue();
    }
    assertThat(recorder.calls()).containsExactly("1@2026-03-29T01:00:00Z");
  }

  @Test
  void theStartedThreadFiresWhenWoken() {
    JobScheduler s = scheduler(recorder);
    s.start();
    put(s, 1, EVERY_MINUTE);
    clock.set(Instant.parse("2026-01-05T10:01:00Z"));
    s.wake();
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(recordedRuns()).containsExactly("1@2026-01-05T10:01:00Z"));
    s.close();
    assertThat(s.nextFireTime(1)).isEqualTo(Optional.of(Instant.parse("2026-01-05T10:02:00Z")));
  }
}
