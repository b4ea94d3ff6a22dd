package dev.kiln.server.jobs.tasks;

import dev.kiln.model.jobs.RunParameters;
import dev.kiln.model.jobs.TerminationCodeCode;
import dev.kiln.model.libraries.Library;
import dev.kiln.model.libraries.MavenLibrary;
import dev.kiln.model.node.exec.JarMain;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.jobs.settings.SparkSubmitArgs;
import dev.kiln.server.libraries.ClusterLibraries;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * A spark-submit task, run on the task's cluster rather than on a cluster of its own: the
 * application jar, {@code --jars} and {@code --packages} are installed as the task's libraries and
 * the main class ({@code --class}, else the jar manifest's {@code Main-Class}) runs in the driver
 * JVM like a jar task's, with {@code --conf} set on a session of the run's own where it is a
 * runtime SQL conf. A {@code .py} application runs like a Python file task, {@code --py-files}
 * first on its path. Options that mean nothing on a running cluster are listed at the top of the
 * logs.
 */
public final class SparkSubmitTaskRunner extends ClusterTaskRunner {
  private final JarMainRun jarMain;
  private final PythonFileRun python;
  private final TaskFiles files;

  public SparkSubmitTaskRunner(
      RunClusters clusters, ClusterLibraries libraries, DriverCommands driver, TaskFiles files) {
    super(clusters, libraries, driver);
    this.jarMain = new JarMainRun(driver);
    this.python = new PythonFileRun(driver, files);
    this.files = files;
  }

  /** The task's parameters, or run-now {@code spark_submit_params}. */
  private static SparkSubmitArgs args(TaskContext ctx) {
    RunParameters overriding = ctx.overriding();
    List<String> params =
        overriding != null && overriding.sparkSubmitParams() != null
            ? overriding.sparkSubmitParams()
            : ctx.task().sparkSubmitTask().parameters();
    return SparkSubmitArgs.parse(
        params == null ? null : params.stream().map(ctx::resolve).toList());
  }

  @Override
  List<Library> libraries(TaskContext ctx) {
    SparkSubmitArgs args = args(ctx);
    List<Library> all = new ArrayList<>(super.libraries(ctx));
    if (!args.isPython()) {
      all.add(jar(args.app()));
    }
    args.jars().forEach(j -> all.add(jar(j)));
    String repo = args.repositories().isEmpty() ? null : args.repositories().get(0);
    for (String coordinates : args.packages()) {
      all.add(
          new Library(
              null, null, null, null, null, new MavenLibrary(coordinates, repo, null), null));
    }
    return all;
  }

  private static Library jar(String path) {
    return new Library(path, null, null, null, null, null, null);
  }

  @Override
  TaskResult work(TaskContext ctx, String clusterId) throws Exception {
    SparkSubmitArgs args = args(ctx);
    StringBuilder notes = new StringBuilder();
    for (String option : args.ignored()) {
      notes
          .append("[kiln] spark-submit ")
          .append(option)
          .append(": ignored on a running cluster\n");
    }
    if (args.isPython()) {
      args.conf()
          .keySet()
          .forEach(
              k ->
                  notes
                      .append("[kiln] spark-submit --conf ")
                      .append(k)
                      .append(": not applied to a Python application on a running cluster\n"));
      return python.run(
          ctx, clusterId, args.app(), args.appArgs(), args.pyFiles(), notes.toString());
    }
    String mainClass = args.mainClass();
    if (mainClass == null && !DriverCommands.reattaching(ctx)) {
      try {
        mainClass = manifestMainClass(args.app());
      } catch (ApiException e) {
        return TaskResult.internalError(TerminationCodeCode.RESOURCE_NOT_FOUND, e.getMessage());
      }
      if (mainClass == null) {
        return TaskResult.internalError(
            TerminationCodeCode.INVALID_RUN_CONFIGURATION,
            "spark_submit_task: the jar "
                + args.app()
                + " names no Main-Class in its manifest; give --class");
      }
    }
    return jarMain.run(
        ctx, clusterId, new JarMain(mainClass, args.appArgs(), args.conf()), notes.toString());
  }

  /** The {@code Main-Class} of a jar's manifest, or null. */
  private String manifestMainClass(String jarPath) {
    try (JarInputStream jar =
        new JarInputStream(new ByteArrayInputStream(files.readBytes(jarPath)))) {
      Manifest manifest = jar.getManifest();
      return manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
    } catch (IOException e) {
      throw ApiException.invalid("The application " + jarPath + " is not a jar: " + e.getMessage());
    }
  }
}
