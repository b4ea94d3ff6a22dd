package dev.kiln.server.jobs;

import dev.kiln.model.node.exec.JarMain;

/**
 * A program's main run in a {@code jar} context on the cluster's driver: the context and command
 * ids are kept in the task's progress, so a restarted control plane re-attaches to the command.
 * What the program printed is the task's {@code logs}; an exception fails the task with its message
 * and trace.
 */
final class JarMainRun {
  private final DriverCommands driver;

  JarMainRun(DriverCommands driver) {
    this.driver = driver;
  }

  TaskResult run(TaskContext ctx, String clusterId, JarMain call, String notes)
      throws InterruptedException {
    String contextId;
    String commandId;
    if (ctx.resumed() && ctx.progress().has("command")) {
      contextId = ctx.progress().get("context").asText();
      commandId = ctx.progress().get("command").asText();
    } else {
      contextId = driver.createJarContext(ctx, clusterId);
      ctx.progress().put("context", contextId);
      ctx.save();
      commandId = driver.execute(ctx, clusterId, contextId, null, JobsJson.write(call));
      ctx.progress().put("command", commandId);
      ctx.save();
    }
    boolean keep = false;
    try {
      DriverCommands.Done done = driver.await(ctx, clusterId, contextId, commandId);
      if (done.isCancelled()) {
        throw new TaskStopped(ctx.stopReason() == null ? StopReason.USER : ctx.stopReason());
      }
      if (done.isError()) {
        TaskOutput out = TaskOutput.none().withLogs(notes + nonNull(done.output()));
        return TaskResult.of(RunEnd.failed(), out.withError(done.summary(), done.cause()));
      }
      return TaskResult.of(
          RunEnd.success(), TaskOutput.none().withLogs(notes + nonNull(done.text())));
    } catch (InterruptedException e) {
      keep = ctx.stopReason() == null; // Kiln is stopping: the next start re-attaches
      throw e;
    } finally {
      if (!keep) {
        driver.destroyQuietly(clusterId, contextId);
      }
    }
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }
}
