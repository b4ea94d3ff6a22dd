package dev.kiln.model.jobs;

/** {@code runs/cancel-all}: the active runs of a job, or all queued runs. */
public record CancelAllRunsRequest(Long jobId, Boolean allQueuedRuns) {}
