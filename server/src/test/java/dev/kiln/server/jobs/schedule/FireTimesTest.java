package dev.kiln.server.jobs.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The due times of Quartz expressions: syntax, time zones, and the nights clocks change. Expected
 * times are written as instants (UTC) with the local time in a comment.
 */
class FireTimesTest {

  /** The first {@code expected.length} due times after {@code after}, as instants. */
  private static void assertDue(String expression, String zone, String after, String... expected) {
    FireTimes times = FireTimes.of(expression, zone);
    List<String> due = new ArrayList<>();
    Instant t = Instant.parse(after);
    for (int i = 0; i < expected.length; i++) {
      t = times.next(t);
      due.add(t == null ? "none" : t.toString());
      if (t == null) {
        break;
      }
    }
    assertThat(due).as("%s after %s", times, after).containsExactly(expected);
  }

  @Nested
  class Syntax {
    @Test
    void secondsFieldFiresWithinAMinute() {
      assertDue(
          "*/15 * * * * ?",
          "UTC",
          "2026-01-01T00:00:00Z",
          "2026-01-01T00:00:15Z",
          "2026-01-01T00:00:30Z",
          "2026-01-01T00:00:45Z",
          "2026-01-01T00:01:00Z");
      assertDue("30 * * * * ?", "UTC", "2026-01-01T00:00:00Z", "2026-01-01T00:00:30Z");
    }

    @Test
    void nextIsStrictlyAfterAndIgnoresMilliseconds() {
      assertDue("*/15 * * * * ?", "UTC", "2026-01-01T00:00:15Z", "2026-01-01T00:00:30Z");
      assertDue("*/15 * * * * ?", "UTC", "2026-01-01T00:00:14.999Z", "2026-01-01T00:00:15Z");
      assertDue("*/15 * * * * ?", "UTC", "2026-01-01T00:00:15.001Z", "2026-01-01T00:00:30Z");
    }

    @Test
    void nextAtOrAfterIncludesItsStart() {
      FireTimes times = FireTimes.of("0 0 * * * ?", "UTC");
      assertThat(times.nextAtOrAfter(Instant.parse("2026-01-01T05:00:00Z")))
          .isEqualTo("2026-01-01T05:00:00Z");
      assertThat(times.nextAtOrAfter(Instant.parse("2026-01-01T05:00:00.001Z")))
          .isEqualTo("2026-01-01T06:00:00Z");
    }

    @Test
    void rangesListsAndStepsInEveryField() {
      // 2026-01-01 is a Thursday.
      assertDue(
          "0 0/20 9-10 * * ?",
          "UTC",
          "2026-01-01T09:30:00Z",
          "2026-01-01T09:40:00Z",
          "2026-01-01T10:00:00Z",
          "2026-01-01T10:20:00Z",
          "2026-01-01T10:40:00Z",
          "2026-01-02T09:00:00Z");
      assertDue(
          "0 0 6,18 1,15 * ?",
          "UTC",
          "2026-01-01T07:00:00Z",
          "2026-01-01T18:00:00Z",
          "2026-01-15T06:00:00Z",
          "2026-01-15T18:00:00Z",
          "2026-02-01T06:00:00Z");
      assertDue(
          "0 0 0 1 1/4 ?",
          "UTC",
          "2026-01-01T00:00:00Z",
          "2026-05-01T00:00:00Z",
          "2026-09-01T00:00:00Z",
          "2027-01-01T00:00:00Z");
    }

    @Test
    void namesOfDaysAndMonthsInAnyCase() {
      assertDue(
          "0 15 10 ? * MON-FRI",
          "UTC",
          "2026-01-01T11:00:00Z", // a Thursday
          "2026-01-02T10:15:00Z",
          "2026-01-05T10:15:00Z");
      assertDue(
          "0 0 12 ? jan,Jul sun",
          "UTC",
          "2026-01-01T00:00:00Z",
          "2026-01-04T12:00:00Z",
          "2026-01-11T12:00:00Z",
          "2026-01-18T12:00:00Z",
          "2026-01-25T12:00:00Z",
          "2026-07-05T12:00:00Z");
    }

    @Test
    void dayOfWeekNumbersStartWithSundayAsOne() {
      assertDue("0 0 8 ? * 1", "UTC", "2026-01-01T00:00:00Z", "2026-01-04T08:00:00Z"); // Sunday
      assertDue("0 0 8 ? * 7", "UTC", "2026-01-01T00:00:00Z", "2026-01-03T08:00:00Z"); // Saturday
    }

    @Test
    void lastDayOfMonthAndOffsetsFromIt() {
      assertDue(
          "0 0 12 L * ?",
          "UTC",
          "2026-01-01T00:00:00Z",
          "2026-01-31T12:00:00Z",
          "2026-02-28T12:00:00Z",
          "2026-03-31T12:00:00Z",
          "2026-04-30T12:00:00Z");
      assertDue(
          "0 0 12 L-3 * ?",
          "UTC",
          "2026-01-01T00:00:00Z",
          "2026-01-28T12:00:00Z",
          "2026-02-25T12:00:00Z");
    }

    @Test
    void nearestWeekdayStaysInTheMonth() {
      // 2026-02-15 is a Sunday: the Monday after. 2026-08-15 is a Saturday: the Friday before.
      assertDue(
          "0 0 12 15W * ?",
          "UTC",
          "2026-02-01T00:00:00Z",
          "2026-02-16T12:00:00Z",
          "2026-03-16T12:00:00Z");
      assertDue("0 0 12 15W * ?", "UTC", "2026-08-01T00:00:00Z", "2026-08-14T12:00:00Z");
      // 2026-08-01 is a Saturday: 1W is Monday the 3rd, not Friday in July.
      assertDue("0 0 12 1W * ?", "UTC", "2026-07-15T00:00:00Z", "2026-08-03T12:00:00Z");
      // The last weekday: 2026-01-31 is a Saturday, 2026-05-31 a Sunday.
      assertDue("0 0 12 LW * ?", "UTC", "2026-01-01T00:00:00Z", "2026-01-30T12:00:00Z");
      assertDue("0 0 12 LW * ?", "UTC", "2026-05-01T00:00:00Z", "2026-05-29T12:00:00Z");
    }

    @Test
    void nthAndLastWeekdayOfTheMonth() {
      assertDue(
          "0 0 12 ? * 6#3", // the third Friday
          "UTC",
          "2026-01-01T00:00:00Z",
          "2026-01-16T12:00:00Z",
          "2026-02-20T12:00:00Z",
          "2026-03-20T12:00:00Z");
      assertDue(
          "0 0 12 ? * 6L", // the last Friday
          "UTC",
          "2026-01-01T00:00:00Z",
          "2026-01-30T12:00:00Z",
          "2026-02-27T12:00:00Z");
      // A fifth Monday exists only in some months: 2026-03-30, then 2026-06-29.
      assertDue(
          "0 0 12 ? * MON#5",
          "UTC",
          "2026-01-01T00:00:00Z",
          "2026-03-30T12:00:00Z",
          "2026-06-29T12:00:00Z");
    }

    @Test
    void february29thFiresInLeapYearsOnly() {
      assertDue(
          "0 0 0 29 2 ?",
          "UTC",
          "2026-01-01T00:00:00Z",
          "2028-02-29T00:00:00Z",
          "2032-02-29T00:00:00Z");
      assertDue(
          "0 0 12 L 2 ?",
          "UTC",
          "2027-01-01T00:00:00Z",
          "2027-02-28T12:00:00Z",
          "2028-02-29T12:00:00Z");
      // 2100 is not a leap year.
      assertDue("0 0 0 29 2 ?", "UTC", "2096-03-01T00:00:00Z", "2104-02-29T00:00:00Z");
    }

    @Test
    void yearFieldEndsTheSchedule() {
      assertDue(
          "0 0 12 1 1 ? 2027-2028",
          "UTC",
          "2026-06-01T00:00:00Z",
          "2027-01-01T12:00:00Z",
          "2028-01-01T12:00:00Z",
          "none");
    }

    @Test
    void whitespaceAroundFieldsIsIgnored() {
      assertDue("  0  0  12  *  *  ?  ", "UTC", "2026-01-01T00:00:00Z", "2026-01-01T12:00:00Z");
    }
  }

  @Nested
  class TimeZones {
    @Test
    void wallClockTimeOfTheZoneAllYear() {
      // 09:00 in Los Angeles: 17:00 UTC in winter (PST), 16:00 UTC in summer (PDT).
      assertDue(
          "0 0 9 1 * ?", "America/Los_Angeles", "2026-01-01T00:00:00Z", "2026-01-01T17:00:00Z");
      assertDue(
          "0 0 9 1 * ?", "America/Los_Angeles", "2026-06-15T00:00:00Z", "2026-07-01T16:00:00Z");
    }

    @Test
    void halfHourOffsets() {
      assertDue("0 0 9 * * ?", "Asia/Kolkata", "2026-01-01T00:00:00Z", "2026-01-01T03:30:00Z");
      assertDue("0 0 9 * * ?", "Asia/Kathmandu", "2026-01-01T00:00:00Z", "2026-01-01T03:15:00Z");
    }

    @Test
    void defaultIsUtcAndShortIdsAndOffsetsAreTaken() {
      assertThat(FireTimes.of("0 0 9 * * ?", null).zone().getId()).isEqualTo("UTC");
      assertThat(FireTimes.of("0 0 9 * * ?", " ").zone().getId()).isEqualTo("UTC");
      assertDue("0 0 9 1 1 ?", "PST", "2026-01-01T00:00:00Z", "2026-01-01T17:00:00Z");
      assertDue("0 0 9 1 1 ?", "GMT+2", "2026-01-01T00:00:00Z", "2026-01-01T07:00:00Z");
      assertDue("0 0 9 1 1 ?", "+05:30", "2026-01-01T00:00:00Z", "2026-01-01T03:30:00Z");
    }

    @Test
    void dayBoundariesAreTheZones() {
      // Midnight on the 1st in Tokyo is still the previous month in UTC.
      assertDue("0 0 0 1 * ?", "Asia/Tokyo", "2026-01-15T00:00:00Z", "2026-01-31T15:00:00Z");
    }
  }

  /** Spring forward: a wall-clock time that does not exist fires once, at the jump. */
  @Nested
  class ClocksSpringForward {
    @Test
    void dailyTimeInsideTheGapFiresAtTheJumpInLosAngeles() {
      // 2026-03-08: 02:00 PST becomes 03:00 PDT (10:00 UTC). 02:30 does not exist that day.
      assertDue(
          "0 30 2 * * ?",
          "America/Los_Angeles",
          "2026-03-07T00:00:00Z",
          "2026-03-07T10:30:00Z", // 02:30 PST
          "2026-03-08T10:00:00Z", // 03:00 PDT, the jump
          "2026-03-09T09:30:00Z"); // 02:30 PDT
    }

    @Test
    void dailyTimeInsideTheGapFiresAtTheJumpInBerlin() {
      // 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC).
      assertDue(
          "0 30 2 * * ?",
          "Europe/Berlin",
          "2026-03-28T00:00:00Z",
          "2026-03-28T01:30:00Z", // 02:30 CET
          "2026-03-29T01:00:00Z", // 03:00 CEST, the jump
          "2026-03-30T00:30:00Z"); // 02:30 CEST
    }

    @Test
    void everyTimeInTheGapFiresOnceTogetherWithTheTimeAfterIt() {
      // Every 15 minutes: 02:00, 02:15, 02:30, 02:45 and 03:00 are all 03:00 PDT: one fire.
      assertDue(
          "0 0/15 * * * ?",
          "America/Los_Angeles",
          "2026-03-08T09:30:00Z", // 01:30 PST
          "2026-03-08T09:45:00Z", // 01:45 PST
          "2026-03-08T10:00:00Z", // 03:00 PDT
          "2026-03-08T10:15:00Z"); // 03:15 PDT
    }

    @Test
    void hourlyJobLosesOnlyTheMissingHour() {
      assertDue(
          "0 0 * * * ?",
          "Europe/Berlin",
          "2026-03-28T23:30:00Z", // 00:30 CET
          "2026-03-29T00:00:00Z", // 01:00 CET
          "2026-03-29T01:00:00Z", // 03:00 CEST (02:00 and 03:00 together)
          "2026-03-29T02:00:00Z"); // 04:00 CEST
    }

    @Test
    void halfHourJumpOnLordHowe() {
      // Lord Howe Island moves 30 minutes: 2026-10-04 02:00 (+10:30) becomes 02:30 (+11:00).
      assertDue(
          "0 15 2 * * ?",
          "Australia/Lord_Howe",
          "2026-10-02T00:00:00Z",
          "2026-10-02T15:45:00Z", // 02:15 +10:30
          "2026-10-03T15:30:00Z", // 02:30 +11:00, the jump
          "2026-10-04T15:15:00Z"); // 02:15 +11:00
    }

    @Test
    void fromInsideTheNightTheJumpIsStillAhead() {
      assertDue(
          "0 30 2 * * ?",
          "America/Los_Angeles",
          "2026-03-08T09:59:59Z", // 01:59:59 PST
          "2026-03-08T10:00:00Z");
      assertDue(
          "0 30 2 * * ?",
          "America/Los_Angeles",
          "2026-03-08T10:00:00Z", // the jump itself: already past
          "2026-03-09T09:30:00Z");
    }
  }

  /** Fall back: a wall-clock time that happens twice fires once, at its first occurrence. */
  @Nested
  class ClocksFallBack {
    @Test
    void dailyTimeInTheRepeatedHourFiresOnceInLosAngeles() {
      // 2026-11-01: 02:00 PDT becomes 01:00 PST (09:00 UTC); 01:30 happens at 08:30 and 09:30 UTC.
      assertDue(
          "0 30 1 * * ?",
          "America/Los_Angeles",
          "2026-10-31T00:00:00Z",
          "2026-10-31T08:30:00Z", // 01:30 PDT
          "2026-11-01T08:30:00Z", // 01:30 PDT, the first 01:30
          "2026-11-02T09:30:00Z"); // 01:30 PST
    }

    @Test
    void dailyTimeInTheRepeatedHourFiresOnceInBerlin() {
      // 2026-10-25: 03:00 CEST becomes 02:00 CET (01:00 UTC); 02:30 happens at 00:30 and 01:30 UTC.
      assertDue(
          "0 30 2 * * ?",
          "Europe/Berlin",
          "2026-10-24T00:00:00Z",
          "2026-10-24T00:30:00Z",
          "2026-10-25T00:30:00Z", // 02:30 CEST, the first
          "2026-10-26T01:30:00Z"); // 02:30 CET
    }

    @Test
    void hourlyJobSkipsTheSecondPass() {
      assertDue(
          "0 0 * * * ?",
          "America/Los_Angeles",
          "2026-11-01T07:30:00Z", // 00:30 PDT
          "2026-11-01T08:00:00Z", // 01:00 PDT
          "2026-11-01T10:00:00Z", // 02:00 PST: 01:00 PST (09:00 UTC) was already fired as PDT
          "2026-11-01T11:00:00Z");
    }

    @Test
    void fromInsideTheSecondPassTheNextIsAfterTheRepeatedHour() {
      assertDue(
          "0 0/20 * * * ?",
          "America/Los_Angeles",
          "2026-11-01T09:10:00Z", // 01:10 PST, the second pass
          "2026-11-01T10:00:00Z"); // 02:00 PST
      assertDue(
          "0 30 1 * * ?",
          "America/Los_Angeles",
          "2026-11-01T09:15:00Z", // 01:15 PST
          "2026-11-02T09:30:00Z");
    }

    @Test
    void fromInsideTheFirstPassTheRestOfItFires() {
      assertDue(
          "0 0/20 * * * ?",
          "America/Los_Angeles",
          "2026-11-01T08:10:00Z", // 01:10 PDT
          "2026-11-01T08:20:00Z",
          "2026-11-01T08:40:00Z",
          "2026-11-01T10:00:00Z"); // 02:00 PST
    }

    @Test
    void secondsDuringTheRepeatedHourFireOncePerWallClockSecond() {
      FireTimes times = FireTimes.of("* * 1 * * ?", "America/Los_Angeles");
      Instant t = Instant.parse("2026-11-01T07:59:59Z"); // 00:59:59 PDT
      int fires = 0;
      Instant last = null;
      for (Instant n = times.next(t); n.isBefore(Instant.parse("2026-11-02T00:00:00Z")); ) {
        fires++;
        last = n;
        n = times.next(n);
      }
      assertThat(fires).isEqualTo(3600);
      assertThat(last).isEqualTo("2026-11-01T08:59:59Z"); // 01:59:59 PDT
    }
  }

  @Test
  void everyWallClockHourOfAYearFiresOnceInOrder() {
    // Hourly at :30 hits the skipped 02:30 of Los Angeles and the repeated 01:30 of both zones
    // (Lord Howe turns its clocks by 30 minutes). A year of UTC that starts and ends in the same
    // offset holds 365 x 24 wall-clock hours, each of which fires once.
    Instant end = Instant.parse("2027-01-01T00:00:00Z");
    for (String zone : Arrays.asList("America/Los_Angeles", "Australia/Lord_Howe")) {
      FireTimes times = FireTimes.of("0 30 * * * ?", zone);
      int fires = 0;
      for (Instant t = times.next(Instant.parse("2026-01-01T00:00:00Z"));
          t.isBefore(end);
          t = times.next(t)) {
        fires++;
      }
      assertThat(fires).as(zone).isEqualTo(365 * 24);
    }
  }
}
