package dev.kiln.model.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** {@code jobs/runs/repair}: which tasks of a finished run to run again, with new parameters. */
public record RepairRunRequest(
    Long runId,
    List<String> rerunTasks,
    Boolean rerunAllFailedTasks,
    Boolean rerunDependentTasks,
    Long latestRepairId,
    Map<String, String> jobParameters,
    Map<String, String> notebookParams,
    List<String> pythonParams,
    JsonNode pythonNamedParams,
    List<String> jarParams,
    List<String> sparkSubmitParams,
    Map<String, String> sqlParams,
    List<String> dbtCommands,
    JsonNode pipelineParams) {

  public RunParameters overriding() {
    return new RunParameters(
        notebookParams,
        pythonParams,
        jarParams,
        sparkSubmitParams,
        sqlParams,
        pythonNamedParams,
        pipelineParams,
        dbtCommands);
  }
}
