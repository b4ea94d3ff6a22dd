package dev.kiln.server.jobs.settings;

import dev.kiln.model.jobs.JobSettings;

/** A job as stored: its settings JSON (multi-task format, defaults filled) and who made it. */
public record JobRow(
    long jobId,
    String name,
    String settings,
    String creatorUserName,
    long createdTime,
    long version) {

  /** The settings as stored, parsed: what a run executes. */
  public JobSettings parsed() {
    return JobsJson.read(settings, JobSettings.class);
  }
}
