package dev.kiln.server.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The catch-up rule: due times missed while the scheduler was down or slow fire at most once, for
 * the most recent one, and only within the grace window; and runs of a schedule keep 10 s apart.
 */
class FirePlanTest {
  private static final Duration GRACE = Duration.ofHours(1);
  private static final Duration MIN_INTERVAL = Duration.ofSeconds(10);

  private static FirePlan plan(String expression, String zone, String due, String now) {
    return FirePlan.at(
        FireTimes.of(expression, zone),
        Instant.parse(due),
        Instant.parse(now),
        GRACE,
        MIN_INTERVAL);
  }

  private static FirePlan expected(String fire, String next) {
    return new FirePlan(
        fire == null ? null : Instant.parse(fire), next == null ? null : Instant.parse(next));
  }

  @Test
  void onTimeFiresTheDueTimeAndMovesToTheNext() {
    assertThat(plan("0 * * * * ?", "UTC", "2026-01-01T10:00:00Z", "2026-01-01T10:00:00.004Z"))
        .isEqualTo(expected("2026-01-01T10:00:00Z", "2026-01-01T10:01:00Z"));
  }

  @Test
  void exactlyAtTheDueTimeFires() {
    assertThat(plan("0 * * * * ?", "UTC", "2026-01-01T10:00:00Z", "2026-01-01T10:00:00Z"))
        .isEqualTo(expected("2026-01-01T10:00:00Z", "2026-01-01T10:01:00Z"));
  }

  @Test
  void severalMissedDueTimesFireOnceForTheLatest() {
    // Every minute, down from 10:00 to 10:30:20: only 10:30 fires, then 10:31.
    assertThat(plan("0 * * * * ?", "UTC", "2026-01-01T10:00:00Z", "2026-01-01T10:30:20Z"))
        .isEqualTo(expected("2026-01-01T10:30:00Z", "2026-01-01T10:31:00Z"));
  }

  @Test
  void aDueTimeWithinTheGraceWindowFiresLate() {
    // Daily at 02:00, back at 02:45: fire the 02:00 run now, next tomorrow.
    assertThat(plan("0 0 2 * * ?", "UTC", "2026-01-01T02:00:00Z", "2026-01-01T02:45:00Z"))
        .isEqualTo(expected("2026-01-01T02:00:00Z", "2026-01-02T02:00:00Z"));
  }

  @Test
  void theGraceWindowIncludesItsEnd() {
    assertThat(plan("0 0 2 * * ?", "UTC", "2026-01-01T02:00:00Z", "2026-01-01T03:00:00Z"))
        .isEqualTo(expected("2026-01-01T02:00:00Z", "2026-01-02T02:00:00Z"));
  }

  @Test
  void dueTimesOlderThanTheGraceWindowAreSkipped() {
    assertThat(plan("0 0 2 * * ?", "UTC", "2026-01-01T02:00:00Z", "2026-01-01T03:00:00.001Z"))
        .isEqualTo(expected(null, "2026-01-02T02:00:00Z"));
    assertThat(plan("0 0 2 * * ?", "UTC", "2026-01-01T02:00:00Z", "2026-01-01T05:00:00Z"))
        .isEqualTo(expected(null, "2026-01-02T02:00:00Z"));
  }

  @Test
  void afterLongDowntimeOnlyARecentDueTimeFires() {
    // Daily at 02:00, stored due three days ago, back at 02:40 today: today's 02:00 fires once.
    assertThat(plan("0 0 2 * * ?", "UTC", "2026-01-01T02:00:00Z", "2026-01-04T02:40:00Z"))
        .isEqualTo(expected("2026-01-04T02:00:00Z", "2026-01-05T02:00:00Z"));
    // Back at 01:00 today instead: nothing fires, today's 02:00 is next.
    assertThat(plan("0 0 2 * * ?", "UTC", "2026-01-01T02:00:00Z", "2026-01-04T01:00:00Z"))
        .isEqualTo(expected(null, "2026-01-04T02:00:00Z"));
  }

  @Test
  void afterAWeekDownAnEverySecondScheduleFiresOnce() {
    assertThat(plan("* * * * * ?", "UTC", "2026-01-01T00:00:00Z", "2026-01-08T00:00:00.500Z"))
        .isEqualTo(expected("2026-01-08T00:00:00Z", "2026-01-08T00:00:10Z"));
  }

  @Test
  void runsOfASchedulesKeepTenSecondsApart() {
    assertThat(plan("* * * * * ?", "UTC", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"))
        .isEqualTo(expected("2026-01-01T00:00:00Z", "2026-01-01T00:00:10Z"));
    assertThat(plan("*/7 * * * * ?", "UTC", "2026-01-01T00:00:07Z", "2026-01-01T00:00:07Z"))
        .isEqualTo(expected("2026-01-01T00:00:07Z", "2026-01-01T00:00:21Z"));
    assertThat(plan("*/15 * * * * ?", "UTC", "2026-01-01T00:00:15Z", "2026-01-01T00:00:15Z"))
        .isEqualTo(expected("2026-01-01T00:00:15Z", "2026-01-01T00:00:30Z"));
  }

  @Test
  void aLateFireStillSchedulesAfterNow() {
    // Fired 10:00:00 at 10:00:25 (a slow pass): the next due time is after now, 10:00:30.
    assertThat(plan("*/10 * * * * ?", "UTC", "2026-01-01T10:00:00Z", "2026-01-01T10:00:05Z"))
        .isEqualTo(expected("2026-01-01T10:00:00Z", "2026-01-01T10:00:10Z"));
    assertThat(plan("*/10 * * * * ?", "UTC", "2026-01-01T10:00:00Z", "2026-01-01T10:00:25Z"))
        .isEqualTo(expected("2026-01-01T10:00:20Z", "2026-01-01T10:00:30Z"));
  }

  @Test
  void theLastDueTimeOfAnExpressionLeavesNoNext() {
    assertThat(
            plan("0 0 12 1 1 ? 2027-2028", "UTC", "2028-01-01T12:00:00Z", "2028-01-01T12:00:01Z"))
        .isEqualTo(expected("2028-01-01T12:00:00Z", null));
    assertThat(
            plan("0 0 12 1 1 ? 2027-2028", "UTC", "2028-01-01T12:00:00Z", "2028-03-01T00:00:00Z"))
        .isEqualTo(expected(null, null));
  }

  @Test
  void catchUpFollowsTheZonesDaylightSavingRules() {
    // Daily 02:30 in Los Angeles, down over the spring-forward night: the day's due time is the
    // jump (03:00 PDT, 10:00 UTC); back at 03:20 PDT it fires once.
    assertThat(
            plan(
                "0 30 2 * * ?",
                "America/Los_Angeles",
                "2026-03-07T10:30:00Z",
                "2026-03-08T10:20:00Z"))
        .isEqualTo(expected("2026-03-08T10:00:00Z", "2026-03-09T09:30:00Z"));
    // Hourly in Berlin, down over the fall-back night until 02:00 CET (01:00 UTC): the latest
    // due time is 02:00 CEST (00:00 UTC), since 02:00 CET repeats it; next is 03:00 CET.
    assertThat(plan("0 0 * * * ?", "Europe/Berlin", "2026-10-24T20:00:00Z", "2026-10-25T01:00:00Z"))
        .isEqualTo(expected("2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z"));
    // Back at 02:30 CET instead: 02:00 CEST is more than an hour old, so nothing fires.
    assertThat(plan("0 0 * * * ?", "Europe/Berlin", "2026-10-24T20:00:00Z", "2026-10-25T01:30:00Z"))
        .isEqualTo(expected(null, "2026-10-25T02:00:00Z"));
  }
}
