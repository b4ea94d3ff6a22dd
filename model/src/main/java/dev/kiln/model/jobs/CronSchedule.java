package dev.kiln.model.jobs;

/** A job's {@code schedule}: a Quartz cron expression in a time zone. */
public record CronSchedule(
    String quartzCronExpression, String timezoneId, PauseStatus pauseStatus) {}
