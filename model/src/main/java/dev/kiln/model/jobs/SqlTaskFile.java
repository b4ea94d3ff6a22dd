package dev.kiln.model.jobs;

/** The SQL file of a {@code sql_task}. */
public record SqlTaskFile(String path, Source source) {}
