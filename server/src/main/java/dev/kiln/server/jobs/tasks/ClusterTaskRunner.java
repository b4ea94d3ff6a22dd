package dev.kiln.server.jobs.tasks;

import dev.kiln.model.jobs.TerminationCodeCode;
import dev.kiln.model.libraries.Library;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.jobs.runs.RunEnd;
import dev.kiln.server.jobs.runs.TaskOutput;
import dev.kiln.server.libraries.ClusterLibraries;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The part every cluster task shares: get the cluster running, install the task's libraries, then
 * do the work. Failures to set up end the task as INTERNAL_ERROR with the reason's code.
 */
abstract class ClusterTaskRunner implements TaskRunner {
  static final Duration LIBRARY_TIMEOUT = Duration.ofMinutes(10);

  private final RunClusters clusters;
  private final ClusterLibraries libraries;
  protected final DriverCommands driver;

  ClusterTaskRunner(RunClusters clusters, ClusterLibraries libraries, DriverCommands driver) {
    this.clusters = clusters;
    this.libraries = libraries;
    this.driver = driver;
  }

  @Override
  public final TaskResult run(TaskContext ctx) throws Exception {
    String clusterId;
    try {
      clusterId = clusters.acquire(ctx);
    } catch (RunClusters.ClusterUnavailable e) {
      return TaskResult.internalError(e.code, e.getMessage());
    }
    List<Library> wanted;
    try {
      wanted = libraries(ctx);
    } catch (ApiException e) {
      return TaskResult.internalError(
          TerminationCodeCode.INVALID_RUN_CONFIGURATION, e.getMessage());
    }
    if (!wanted.isEmpty()) {
      libraries.install(clusterId, wanted);
      List<ClusterLibraries.Failure> failed =
          libraries.awaitInstalled(clusterId, wanted, LIBRARY_TIMEOUT);
      if (!failed.isEmpty()) {
        return TaskResult.internalError(
            TerminationCodeCode.LIBRARY_INSTALLATION_ERROR,
            "Library installation failed: "
                + failed.stream()
                    .map(ClusterLibraries.Failure::message)
                    .collect(Collectors.joining("; ")));
      }
    }
    ctx.checkStop();
    if (!ctx.progress().has("cluster_id")) {
      ctx.progress().put("cluster_id", clusterId);
      ctx.save();
    }
    ctx.markRunning();
    try {
      return work(ctx, clusterId);
    } catch (ApiException e) {
      if (ctx.resumed()) {
        return TaskResult.internalError(
            TerminationCodeCode.DRIVER_ERROR,
            "The control plane restarted while the task ran and could not re-attach to its work on"
                + " cluster "
                + clusterId
                + ": "
                + e.getMessage());
      }
      return TaskResult.internalError(
          TerminationCodeCode.DRIVER_ERROR,
          "The task failed on cluster " + clusterId + ": " + e.getMessage());
    }
  }

  /** The libraries to install before the work: the task's own, unless a runner adds some. */
  List<Library> libraries(TaskContext ctx) {
    return ctx.task().librariesOrEmpty();
  }

  /** The task's work on the running cluster. */
  abstract TaskResult work(TaskContext ctx, String clusterId) throws Exception;

  /** The failed end of a command with an error: FAILED with the error and its trace. */
  static TaskResult failed(DriverCommands.Done done, TaskOutput output) {
    return TaskResult.of(RunEnd.failed(), output.withError(done.summary(), done.cause()));
  }
}
