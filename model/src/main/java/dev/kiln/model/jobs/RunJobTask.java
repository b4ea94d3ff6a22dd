package dev.kiln.model.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** {@code run_job_task}: runs another job and waits for it. */
public record RunJobTask(
    Long jobId,
    Map<String, String> jobParameters,
    Map<String, String> notebookParams,
    List<String> pythonParams,
    List<String> jarParams,
    List<String> sparkSubmitParams,
    Map<String, String> sqlParams,
    JsonNode pythonNamedParams,
    JsonNode pipelineParams,
    List<String> dbtCommands) {}
