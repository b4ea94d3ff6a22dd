package dev.kiln.server.jobs.tasks;

import dev.kiln.model.node.exec.JarMain;
import dev.kiln.server.jobs.runs.RunEnd;
import dev.kiln.server.jobs.runs.TaskOutput;
import dev.kiln.server.jobs.settings.JobsJson;

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
    return driver.runInOwnContext(
        ctx,
        clusterId,
        null,
        () -> JobsJson.write(call),
        () -> driver.createJarContext(ctx, clusterId),
        (done, contextId) -> {
          if (done.isError()) {
            TaskOutput out = TaskOutput.none().withLogs(notes + nonNull(done.output()));
            return TaskResult.of(RunEnd.failed(), out.withError(done.summary(), done.cause()));
          }
          return TaskResult.of(
              RunEnd.success(), TaskOutput.none().withLogs(notes + nonNull(done.text())));
        });
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }
}
