package dev.kiln.driver.dbutils;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Child notebook runs through the control plane's node routes {@code notebooks/run}, {@code
 * notebooks/get} and {@code notebooks/cancel}, with the calling command's credential; the control
 * plane starts them on this node's cluster as the credential's user.
 */
public final class ControlPlaneNotebookRuns implements NotebookRuns {
  private final ControlPlaneCall http;

  public ControlPlaneNotebookRuns(String baseUrl, String instanceId, String nodeSecret) {
    this.http = new ControlPlaneCall(baseUrl, instanceId, nodeSecret);
  }

  @Override
  public long start(
      String credential,
      String path,
      String callerPath,
      int timeoutSeconds,
      Map<String, String> arguments) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("path", path);
    body.put("caller_path", callerPath);
    body.put("timeout_seconds", timeoutSeconds);
    body.put("arguments", arguments == null ? Map.of() : arguments);
    return refusedAsWorkflow(() -> http.post(credential, "notebooks/run", body))
        .path("run_id")
        .asLong();
  }

  @Override
  public RunState state(String credential, long runId) {
    JsonNode body = http.get(credential, "notebooks/get", "run_id", Long.toString(runId));
    return new RunState(
        text(body, "path"),
        text(body, "result_state"),
        text(body, "result"),
        text(body, "error"),
        text(body, "state_message"));
  }

  @Override
  public void cancel(String credential, long runId) {
    http.post(credential, "notebooks/cancel", Map.of("run_id", runId));
  }

  private static String text(JsonNode body, String field) {
    return body.path(field).isTextual() ? body.get(field).asText() : null;
  }

  private static JsonNode refusedAsWorkflow(java.util.function.Supplier<JsonNode> call) {
    try {
      return call.get();
    } catch (ControlPlaneCall.Refused e) {
      throw new WorkflowException(e.errorCode() + ": " + e.getMessage());
    }
  }
}
