package dev.kiln.server.jobs;

/** A job as stored: its settings JSON (multi-task format, defaults filled) and who made it. */
public record JobRow(
    long jobId,
    String name,
    String settings,
    String creatorUserName,
    long createdTime,
    long version) {}
