package dev.kiln.model.jobs;

/** The run a {@code run_job_task} started. */
public record RunJobOutput(Long runId) {}
