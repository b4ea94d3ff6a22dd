package dev.kiln.server.jobs;

import dev.kiln.model.jobs.SqlTaskFile;
import dev.kiln.model.jobs.TerminationCodeCode;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.libraries.ClusterLibraries;
import java.util.Map;

/**
 * A SQL file task: every statement of the file, in order, in a SQL context on the task's cluster
 * (Kiln has no SQL warehouses). The task's {@code parameters} are widget values. The first failing
 * statement fails the task.
 */
final class SqlFileTaskRunner extends ClusterTaskRunner {
  private final TaskFiles files;

  SqlFileTaskRunner(
      RunClusters clusters, ClusterLibraries libraries, DriverCommands driver, TaskFiles files) {
    super(clusters, libraries, driver);
    this.files = files;
  }

  @Override
  TaskResult work(TaskContext ctx, String clusterId) throws Exception {
    SqlTaskFile file = ctx.task().sqlTask().file();
    String contextId;
    String commandId;
    if (ctx.resumed() && ctx.progress().has("command")) {
      contextId = ctx.progress().get("context").asText();
      commandId = ctx.progress().get("command").asText();
    } else {
      String sql;
      try {
        sql = files.read(file.path());
      } catch (ApiException e) {
        return TaskResult.internalError(TerminationCodeCode.RESOURCE_NOT_FOUND, e.getMessage());
      }
      Map<String, String> params = ctx.task().sqlTask().parameters();
      contextId = driver.createContext(ctx, clusterId, "sql", params, ctx.upstreamValues(), null);
      ctx.progress().put("context", contextId);
      ctx.save();
      commandId = driver.execute(ctx, clusterId, contextId, "sql", sql);
      ctx.progress().put("command", commandId);
      ctx.save();
    }
    boolean keep = false;
    try {
      DriverCommands.Done done = driver.await(ctx, clusterId, contextId, commandId);
      if (done.isCancelled()) {
        throw new TaskStopped(ctx.stopReason() == null ? StopReason.USER : ctx.stopReason());
      }
      return done.isError()
          ? failed(done, TaskOutput.none())
          : TaskResult.of(RunEnd.success(), TaskOutput.none());
    } catch (InterruptedException e) {
      keep = ctx.stopReason() == null; // Kiln is stopping: the next start re-attaches
      throw e;
    } finally {
      if (!keep) {
        driver.destroyQuietly(clusterId, contextId);
      }
    }
  }
}
