package dev.kiln.model.jobs;

/** {@code jobs/runs/submit}. */
public record SubmitRunResponse(Long runId) {}
