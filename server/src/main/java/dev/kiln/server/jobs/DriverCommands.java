package dev.kiln.server.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.execution.ExecutionService;
import java.util.Map;

/**
 * Task work on a cluster's driver through the execution service: contexts (with widgets and
 * upstream task values), commands that are awaited with the task's stop signal (a stop cancels the
 * command on the cluster), and the task values a context set.
 */
final class DriverCommands {
  private final ExecutionService execution;

  DriverCommands(ExecutionService execution) {
    this.execution = execution;
  }

  /** A finished command: its 1.2 status, results and notebook exit value. */
  record Done(String status, JsonNode results, String notebookExit) {
    boolean isError() {
      return "Error".equals(status) || "error".equals(results.path("resultType").asText());
    }

    boolean isCancelled() {
      return "Cancelled".equals(status);
    }

    String summary() {
      return results.path("summary").asText("The command failed");
    }

    String cause() {
      return results.path("cause").asText(null);
    }

    /** What a failed jar command printed before it failed, or null. */
    String output() {
      return results.path("output").asText(null);
    }

    /** The text a command printed (a text result), or null. */
    String text() {
      return "text".equals(results.path("resultType").asText())
          ? results.path("data").asText("")
          : null;
    }
  }

  String createContext(
      TaskContext ctx,
      String clusterId,
      String language,
      Map<String, String> widgets,
      Map<String, Map<String, Object>> taskValues,
      String notebookPath)
      throws InterruptedException {
    String id =
        execution.createContext(
            ctx.principal(), clusterId, language, widgets, taskValues, notebookPath);
    return awaitRunning(ctx, clusterId, language, id);
  }

  /** A context whose commands are {@link dev.kiln.model.node.exec.JarMain} calls. */
  String createJarContext(TaskContext ctx, String clusterId) throws InterruptedException {
    return awaitRunning(
        ctx, clusterId, "jar", execution.createJarContext(ctx.principal(), clusterId));
  }

  private String awaitRunning(TaskContext ctx, String clusterId, String language, String id)
      throws InterruptedException {
    while (true) {
      String status = execution.contextStatus(clusterId, id).status();
      if ("Running".equals(status)) {
        return id;
      }
      if ("Error".equals(status)) {
        throw new ApiException(
            ErrorCode.INTERNAL_ERROR,
            "The " + language + " context on the cluster failed to start");
      }
      ctx.pause(100);
    }
  }

  String execute(
      TaskContext ctx, String clusterId, String contextId, String language, String code) {
    return execution.execute(ctx.principal(), clusterId, contextId, language, code);
  }

  /** Waits for a command; a stop of the task cancels it on the cluster first. */
  Done await(TaskContext ctx, String clusterId, String contextId, String commandId)
      throws InterruptedException {
    ctx.onStop(() -> cancelQuietly(clusterId, contextId, commandId));
    try {
      long sleep = 20;
      while (true) {
        JsonNode state = execution.commandState(clusterId, contextId, commandId);
        String status = state.path("status").asText();
        if (status.equals("Finished") || status.equals("Error") || status.equals("Cancelled")) {
          JsonNode results = state.get("results");
          return new Done(
              status,
              results == null ? JobsJson.MAPPER.createObjectNode() : results,
              state.path("notebook_exit").isTextual() ? state.get("notebook_exit").asText() : null);
        }
        Thread.sleep(sleep);
        sleep = Math.min(250, sleep * 2);
        ctx.checkStop();
      }
    } finally {
      ctx.clearStopHooks();
    }
  }

  Map<String, Object> taskValues(String clusterId, String contextId) {
    JsonNode values = execution.taskValues(clusterId, contextId);
    @SuppressWarnings("unchecked")
    Map<String, Object> map =
        values instanceof ObjectNode o ? JobsJson.MAPPER.convertValue(o, Map.class) : Map.of();
    return map;
  }

  void destroyQuietly(String clusterId, String contextId) {
    try {
      execution.destroyContext(clusterId, contextId);
    } catch (RuntimeException e) {
      // the cluster may be gone; nothing to clean then
    }
  }

  private void cancelQuietly(String clusterId, String contextId, String commandId) {
    try {
      execution.cancel(clusterId, contextId, commandId);
    } catch (RuntimeException e) {
      // already done, or the cluster went away
    }
  }
}
