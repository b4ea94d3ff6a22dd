package dev.kiln.model.jobs;

/** The value a notebook passed to {@code dbutils.notebook.exit} (first 5 MB). */
public record NotebookOutput(String result, Boolean truncated) {}
