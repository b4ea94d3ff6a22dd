package dev.kiln.model.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The parameters a run-now or repair overrode ({@code overriding_parameters}). */
public record RunParameters(
    Map<String, String> notebookParams,
    List<String> pythonParams,
    List<String> jarParams,
    List<String> sparkSubmitParams,
    Map<String, String> sqlParams,
    JsonNode pythonNamedParams,
    JsonNode pipelineParams,
    List<String> dbtCommands) {}
