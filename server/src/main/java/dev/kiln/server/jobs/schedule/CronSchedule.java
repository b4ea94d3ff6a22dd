package dev.kiln.server.jobs.schedule;

/**
 * A job's {@code schedule}: a Quartz cron expression read in {@code timezoneId}; a paused schedule
 * is kept but never fires.
 */
public record CronSchedule(String quartzCronExpression, String timezoneId, boolean paused) {}
