package dev.kiln.server.jobs.tasks;

import dev.kiln.model.jobs.SqlTaskFile;
import dev.kiln.server.jobs.runs.RunEnd;
import dev.kiln.server.jobs.runs.TaskOutput;
import dev.kiln.server.libraries.ClusterLibraries;
import java.util.Map;

/**
 * A SQL file task: every statement of the file, in order, in a SQL context on the task's cluster
 * (Kiln has no SQL warehouses). The task's {@code parameters} are widget values. The first failing
 * statement fails the task.
 */
public final class SqlFileTaskRunner extends ClusterTaskRunner {
  private final TaskFiles files;

  public SqlFileTaskRunner(
      RunClusters clusters, ClusterLibraries libraries, DriverCommands driver, TaskFiles files) {
    super(clusters, libraries, driver);
    this.files = files;
  }

  @Override
  TaskResult work(TaskContext ctx, String clusterId) throws Exception {
    SqlTaskFile file = ctx.task().sqlTask().file();
    Map<String, String> params = ctx.task().sqlTask().parameters();
    return driver.runInOwnContext(
        ctx,
        clusterId,
        "sql",
        () -> files.read(file.path()),
        () -> driver.createContext(ctx, clusterId, "sql", params, ctx.upstreamValues(), null),
        (done, contextId) ->
            done.isError()
                ? failed(done, TaskOutput.none())
                : TaskResult.of(RunEnd.success(), TaskOutput.none()));
  }
}
