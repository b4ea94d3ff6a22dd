package dev.kiln.server.jobs;

import dev.kiln.model.jobs.RunParameters;
import dev.kiln.model.jobs.SparkPythonTask;
import dev.kiln.model.jobs.TerminationCodeCode;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.libraries.ClusterLibraries;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Python file task: the file runs as {@code __main__} in a Python context on the driver, with its
 * parameters (or run-now {@code python_params}) as {@code sys.argv[1:]}. What it prints is the
 * task's {@code logs} (the last 5 MB); {@code sys.exit(0)} ends it well, any other exit fails it.
 */
final class PythonFileTaskRunner extends ClusterTaskRunner {
  private final TaskFiles files;

  PythonFileTaskRunner(
      RunClusters clusters, ClusterLibraries libraries, DriverCommands driver, TaskFiles files) {
    super(clusters, libraries, driver);
    this.files = files;
  }

  @Override
  TaskResult work(TaskContext ctx, String clusterId) throws Exception {
    SparkPythonTask task = ctx.task().sparkPythonTask();
    String contextId;
    String commandId;
    if (ctx.resumed() && ctx.progress().has("command")) {
      contextId = ctx.progress().get("context").asText();
      commandId = ctx.progress().get("command").asText();
    } else {
      String source;
      try {
        source = files.read(task.pythonFile());
      } catch (ApiException e) {
        return TaskResult.internalError(TerminationCodeCode.RESOURCE_NOT_FOUND, e.getMessage());
      }
      contextId = driver.createContext(ctx, clusterId, "python", null, ctx.upstreamValues(), null);
      ctx.progress().put("context", contextId);
      ctx.save();
      commandId = driver.execute(ctx, clusterId, contextId, "python", script(ctx, task, source));
      ctx.progress().put("command", commandId);
      ctx.save();
    }
    boolean keep = false;
    try {
      DriverCommands.Done done = driver.await(ctx, clusterId, contextId, commandId);
      if (done.isCancelled()) {
        throw new TaskStopped(ctx.stopReason() == null ? StopReason.USER : ctx.stopReason());
      }
      java.util.Map<String, Object> values = driver.taskValues(clusterId, contextId);
      if (done.isError()) {
        TaskOutput out = TaskOutput.none().withLogs(done.cause());
        return new TaskResult(
            RunEnd.failed(), null, values, out.withError(done.summary(), done.cause()));
      }
      String text = done.text();
      return new TaskResult(
          RunEnd.success(), null, values, TaskOutput.none().withLogs(text == null ? "" : text));
    } catch (InterruptedException e) {
      keep = ctx.stopReason() == null; // Kiln is stopping: the next start re-attaches
      throw e;
    } finally {
      if (!keep) {
        driver.destroyQuietly(clusterId, contextId);
      }
    }
  }

  private static String script(TaskContext ctx, SparkPythonTask task, String source) {
    RunParameters overriding = ctx.overriding();
    List<String> params =
        overriding != null && overriding.pythonParams() != null
            ? overriding.pythonParams()
            : task.parameters() == null ? List.of() : task.parameters();
    List<String> argv = new ArrayList<>();
    argv.add(task.pythonFile());
    params.forEach(p -> argv.add(ctx.resolve(p)));
    String file = JobsJson.write(task.pythonFile());
    String b64 = Base64.getEncoder().encodeToString(source.getBytes(StandardCharsets.UTF_8));
    return String.join(
        "\n",
        "import sys as _kiln_sys, base64 as _kiln_b64",
        "_kiln_sys.argv = " + JobsJson.write(argv),
        "_kiln_globals = {k: v for k, v in globals().items()"
            + " if k in ('spark', 'sc', 'sqlContext', 'dbutils', 'display')}",
        "_kiln_globals.update({'__name__': '__main__', '__file__': " + file + "})",
        "try:",
        "    exec(compile(_kiln_b64.b64decode('"
            + b64
            + "').decode('utf-8'), "
            + file
            + ", 'exec'), _kiln_globals)",
        "except SystemExit as _kiln_exit:",
        "    if _kiln_exit.code not in (None, 0):",
        "        raise RuntimeError('The script exited with code %s' % (_kiln_exit.code,))",
        "");
  }
}
