package dev.kiln.server.jobs.tasks;

import dev.kiln.model.jobs.RunParameters;
import dev.kiln.model.jobs.SparkJarTask;
import dev.kiln.model.libraries.Library;
import dev.kiln.model.node.exec.JarMain;
import dev.kiln.server.libraries.ClusterLibraries;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A jar task: {@code main_class_name} from a jar of the task's libraries runs in the cluster's
 * driver JVM with its parameters (or run-now {@code jar_params}) as {@code args}. The deprecated
 * {@code jar_uri} is installed like a jar library.
 */
public final class JarTaskRunner extends ClusterTaskRunner {
  private final JarMainRun jarMain;

  public JarTaskRunner(RunClusters clusters, ClusterLibraries libraries, DriverCommands driver) {
    super(clusters, libraries, driver);
    this.jarMain = new JarMainRun(driver);
  }

  @Override
  List<Library> libraries(TaskContext ctx) {
    String uri = ctx.task().sparkJarTask().jarUri();
    List<Library> all = new ArrayList<>(super.libraries(ctx));
    if (uri != null && !uri.isBlank()) {
      all.add(new Library(uri, null, null, null, null, null, null));
    }
    return all;
  }

  @Override
  TaskResult work(TaskContext ctx, String clusterId) throws Exception {
    SparkJarTask task = ctx.task().sparkJarTask();
    RunParameters overriding = ctx.overriding();
    List<String> params =
        overriding != null && overriding.jarParams() != null
            ? overriding.jarParams()
            : task.parameters() == null ? List.of() : task.parameters();
    List<String> args = params.stream().map(ctx::resolve).toList();
    return jarMain.run(ctx, clusterId, new JarMain(task.mainClassName(), args, Map.of()), "");
  }
}
