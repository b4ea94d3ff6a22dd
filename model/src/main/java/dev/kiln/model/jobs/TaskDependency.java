package dev.kiln.model.jobs;

/** A task this one waits for; {@code outcome} ("true"/"false") only after a condition task. */
public record TaskDependency(String taskKey, String outcome) {}
