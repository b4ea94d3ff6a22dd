package dev.kiln.model.jobs;

/** {@code queue}: whether runs wait when the job is at {@code max_concurrent_runs}. */
public record QueueSettings(Boolean enabled) {}
