package dev.kiln.model.jobs;

/** {@code jobs/create}. */
public record CreateJobResponse(Long jobId) {}
