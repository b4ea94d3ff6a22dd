package dev.kiln.server.jobs.tasks;

import dev.kiln.server.jobs.runs.RunEnd;
import dev.kiln.server.jobs.runs.TaskOutput;
import dev.kiln.server.jobs.settings.JobsJson;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A Python file run as {@code __main__} in a Python context on the driver, with {@code
 * sys.argv[1:]} set to its arguments. The context and command ids are kept in the task's progress,
 * so a restarted control plane re-attaches. What it prints is the task's {@code logs} (the last 5
 * MB); {@code sys.exit(0)} ends it well, any other exit fails it.
 */
final class PythonFileRun {
  private final DriverCommands driver;
  private final TaskFiles files;

  PythonFileRun(DriverCommands driver, TaskFiles files) {
    this.driver = driver;
    this.files = files;
  }

  /**
   * @param pyFiles files put on {@code sys.path} first ({@code .py}, {@code .zip}, {@code .egg})
   * @param notes text the logs start with
   */
  TaskResult run(
      TaskContext ctx,
      String clusterId,
      String pythonFile,
      List<String> args,
      List<String> pyFiles,
      String notes)
      throws InterruptedException {
    return driver.runInOwnContext(
        ctx,
        clusterId,
        "python",
        () -> script(pythonFile, files.read(pythonFile), args, pyFiles),
        () -> driver.createContext(ctx, clusterId, "python", null, ctx.upstreamValues(), null),
        (done, contextId) -> {
          Map<String, Object> values = driver.taskValues(clusterId, contextId);
          if (done.isError()) {
            TaskOutput out = TaskOutput.none().withLogs(notes + nonNull(done.cause()));
            return new TaskResult(
                RunEnd.failed(), null, values, out.withError(done.summary(), done.cause()));
          }
          return new TaskResult(
              RunEnd.success(),
              null,
              values,
              TaskOutput.none().withLogs(notes + nonNull(done.text()), done.truncated()));
        });
  }

  private static String nonNull(String text) {
    return text == null ? "" : text;
  }

  private String script(String pythonFile, String source, List<String> args, List<String> pyFiles) {
    List<String> argv = new ArrayList<>();
    argv.add(pythonFile);
    argv.addAll(args);
    String file = JobsJson.write(pythonFile);
    String b64 = b64(source.getBytes(StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    lines.add("import sys as _kiln_sys, base64 as _kiln_b64");
    if (!pyFiles.isEmpty()) {
      // The files are written to a folder of this run that goes first on sys.path; a zip or egg
      // is itself put on the path.
      lines.add("import os as _kiln_os, tempfile as _kiln_tmp");
      lines.add("_kiln_dir = _kiln_tmp.mkdtemp(prefix='kiln-py-files-')");
      lines.add("_kiln_sys.path.insert(0, _kiln_dir)");
      for (String path : pyFiles) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        lines.add(
            "with open(_kiln_os.path.join(_kiln_dir, "
                + JobsJson.write(name)
                + "), 'wb') as _kiln_f: _kiln_f.write(_kiln_b64.b64decode('"
                + b64(files.readBytes(path))
                + "'))");
        if (!name.endsWith(".py")) {
          lines.add(
              "_kiln_sys.path.insert(0, _kiln_os.path.join(_kiln_dir, "
                  + JobsJson.write(name)
                  + "))");
        }
      }
    }
    lines.add("_kiln_sys.argv = " + JobsJson.write(argv));
    lines.add(
        "_kiln_globals = {k: v for k, v in globals().items()"
            + " if k in ('spark', 'sc', 'sqlContext', 'dbutils', 'display')}");
    lines.add("_kiln_globals.update({'__name__': '__main__', '__file__': " + file + "})");
    lines.add("try:");
    lines.add(
        "    exec(compile(_kiln_b64.b64decode('"
            + b64
            + "').decode('utf-8'), "
            + file
            + ", 'exec'), _kiln_globals)");
    lines.add("except SystemExit as _kiln_exit:");
    lines.add("    if _kiln_exit.code not in (None, 0):");
    lines.add("        raise RuntimeError('The script exited with code %s' % (_kiln_exit.code,))");
    lines.add("");
    return String.join("\n", lines);
  }

  private static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
