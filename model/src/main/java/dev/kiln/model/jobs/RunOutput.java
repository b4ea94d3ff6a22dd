package dev.kiln.model.jobs;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code runs/get-output} of one task run. */
public record RunOutput(
    Run metadata,
    NotebookOutput notebookOutput,
    String logs,
    Boolean logsTruncated,
    String error,
    String errorTrace,
    String info,
    JsonNode sqlOutput,
    RunJobOutput runJobOutput) {}
