package dev.kiln.model.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** {@code jobs/run-now}: the job, parameters that override its own, and an idempotency token. */
public record RunNowRequest(
    Long jobId,
    Map<String, String> jobParameters,
    Map<String, String> notebookParams,
    List<String> pythonParams,
    JsonNode pythonNamedParams,
    List<String> jarParams,
    List<String> sparkSubmitParams,
    Map<String, String> sqlParams,
    List<String> dbtCommands,
    JsonNode pipelineParams,
    String idempotencyToken,
    QueueSettings queue,
    List<String> only,
    String performanceTarget) {

  /** The task parameters of this request as a run's {@code overriding_parameters}. */
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
