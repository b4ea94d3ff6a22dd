package dev.kiln.server.jobs.schedule;

/**
 * A job's schedule as stored. {@code nextFireTime} (ms since the epoch) is null while paused or
 * when the expression has no due time left; it moves on only by compare-and-set on {@code version}.
 */
public record ScheduleRow(
    long jobId,
    String expression,
    String timezoneId,
    boolean paused,
    Long nextFireTime,
    long updatedAt,
    long version) {

  /** Whether {@code schedule} says the same as this row (same text, zone and pause). */
  boolean sameAs(CronSchedule schedule) {
    return expression.equals(schedule.quartzCronExpression())
        && timezoneId.equals(FireTimes.timezoneOrDefault(schedule.timezoneId()))
        && paused == schedule.paused();
  }
}
