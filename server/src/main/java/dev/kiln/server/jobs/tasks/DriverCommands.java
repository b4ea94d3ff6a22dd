package dev.kiln.server.jobs.tasks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.jobs.TerminationCodeCode;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.execution.ExecutionService;
import dev.kiln.server.jobs.runs.StopReason;
import dev.kiln.server.jobs.settings.JobsJson;
import java.util.Map;

/**
 * Task work on a cluster's driver through the execution service: contexts (with widgets and
 * upstream task values), commands that are awaited with the task's stop signal (a stop cancels the
 * command on the cluster), and the task values a context set.
 */
public final class DriverCommands {
  private final ExecutionService execution;

  public DriverCommands(ExecutionService execution) {
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

    /** Whether the driver cut the command's output (it keeps its first and last MBs). */
    boolean truncated() {
      return results.path("truncated").asBoolean(false);
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
    return execution.execute(
        ctx.principal(), clusterId, contextId, language, code, ctx.credentialLifetime());
  }

  /** The code of a task's one command; read only when the command starts, not on re-attach. */
  @FunctionalInterface
  interface Code {
    /** The code; an {@link ApiException} (a file that cannot be read) ends the task. */
    String read();
  }

  /** Creates the context a task's one command runs in and returns its id. */
  @FunctionalInterface
  interface ContextStart {
    String create() throws InterruptedException;
  }

  /** The task's result from its finished command, while its context still lives. */
  @FunctionalInterface
  interface Outcome {
    TaskResult of(Done done, String contextId);
  }

  /** Whether a restarted control plane finds the task's command already started. */
  static boolean reattaching(TaskContext ctx) {
    return ctx.resumed() && ctx.progress().has("command");
  }

  /**
   * A task's one command in a context of its own: started (the code read, the context created, the
   * command executed, each id kept in the task's progress) or, after a control-plane restart,
   * re-attached through the kept ids; then awaited and turned into the task's result. The context
   * is destroyed at the end unless Kiln itself is stopping (its next start re-attaches). Code that
   * cannot be read ends the task as RESOURCE_NOT_FOUND; a cancelled command stops the task.
   */
  TaskResult runInOwnContext(
      TaskContext ctx,
      String clusterId,
      String language,
      Code code,
      ContextStart start,
      Outcome outcome)
      throws InterruptedException {
    String contextId;
    String commandId;
    if (reattaching(ctx)) {
      contextId = ctx.progress().get("context").asText();
      commandId = ctx.progress().get("command").asText();
    } else {
      String text;
      try {
        text = code.read();
      } catch (ApiException e) {
        return TaskResult.internalError(TerminationCodeCode.RESOURCE_NOT_FOUND, e.getMessage());
      }
      contextId = start.create();
      ctx.progress().put("context", contextId);
      ctx.save();
      commandId = execute(ctx, clusterId, contextId, language, text);
      ctx.progress().put("command", commandId);
      ctx.save();
    }
    boolean keep = false;
    try {
      Done done = await(ctx, clusterId, contextId, commandId);
      stopIfCancelled(ctx, done);
      return outcome.of(done, contextId);
    } catch (InterruptedException e) {
      keep = ctx.stopReason() == null; // Kiln is stopping: the next start re-attaches
      throw e;
    } finally {
      if (!keep) {
        destroyQuietly(clusterId, contextId);
      }
    }
  }

  /** A cancelled command stops its task, for the task's stop reason (a user's by default). */
  static void stopIfCancelled(TaskContext ctx, Done done) {
    if (done.isCancelled()) {
      throw new TaskStopped(ctx.stopReason() == null ? StopReason.USER : ctx.stopReason());
    }
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
