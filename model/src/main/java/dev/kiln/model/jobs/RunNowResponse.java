package dev.kiln.model.jobs;

/** {@code jobs/run-now}. */
public record RunNowResponse(Long runId, Long numberInJob) {}
