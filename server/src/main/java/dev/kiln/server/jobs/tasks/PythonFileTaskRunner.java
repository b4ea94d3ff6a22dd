package dev.kiln.server.jobs.tasks;

import dev.kiln.model.jobs.RunParameters;
import dev.kiln.model.jobs.SparkPythonTask;
import dev.kiln.server.libraries.ClusterLibraries;
import java.util.List;

/**
 * A Python file task: the file runs as {@code __main__} in a Python context on the driver (see
 * {@link PythonFileRun}), with its parameters (or run-now {@code python_params}) as {@code
 * sys.argv[1:]}.
 */
public final class PythonFileTaskRunner extends ClusterTaskRunner {
  private final PythonFileRun python;

  public PythonFileTaskRunner(
      RunClusters clusters, ClusterLibraries libraries, DriverCommands driver, TaskFiles files) {
    super(clusters, libraries, driver);
    this.python = new PythonFileRun(driver, files);
  }

  @Override
  TaskResult work(TaskContext ctx, String clusterId) throws Exception {
    SparkPythonTask task = ctx.task().sparkPythonTask();
    RunParameters overriding = ctx.overriding();
    List<String> params =
        overriding != null && overriding.pythonParams() != null
            ? overriding.pythonParams()
            : task.parameters() == null ? List.of() : task.parameters();
    List<String> args = params.stream().map(ctx::resolve).toList();
    return python.run(ctx, clusterId, task.pythonFile(), args, List.of(), "");
  }
}
