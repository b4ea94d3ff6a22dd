package dev.kiln.server.jobs.tasks;

import dev.kiln.model.clusters.ClusterDetails;
import dev.kiln.model.clusters.ClusterSource;
import dev.kiln.model.clusters.ClusterSpec;
import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.jobs.JobCluster;
import dev.kiln.model.jobs.Task;
import dev.kiln.model.jobs.TerminationCodeCode;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.clusters.ClusterService;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster a task runs on: an existing cluster (started when terminated), the task's own {@code
 * new_cluster}, or the run's shared job cluster. Clusters a run creates have source JOB, are
 * remembered in the store with the run, and end (JOB_FINISHED) when the run ends.
 */
public final class RunClusters {
  private static final Logger LOG = LoggerFactory.getLogger(RunClusters.class);
  static final Duration START_TIMEOUT = Duration.ofMinutes(20);

  private final Jdbi jdbi;
  private final ClusterService clusters;
  private final ConcurrentHashMap<String, Object> locks = new ConcurrentHashMap<>();

  public RunClusters(Jdbi jdbi, ClusterService clusters) {
    this.jdbi = jdbi;
    this.clusters = clusters;
  }

  /** Failing to get a cluster ends the task with this code and message. */
  static final class ClusterUnavailable extends Exception {
    private static final long serialVersionUID = 1L;
    final TerminationCodeCode code;

    ClusterUnavailable(TerminationCodeCode code, String message) {
      super(message);
      this.code = code;
    }
  }

  /** The id of the task's cluster once it is RUNNING. */
  String acquire(TaskContext ctx) throws ClusterUnavailable, InterruptedException {
    Task task = ctx.task();
    String clusterId;
    if (task.existingClusterId() != null) {
      clusterId = task.existingClusterId();
      startIfTerminated(ctx, clusterId);
    } else if (task.newCluster() != null) {
      clusterId = created(ctx, "task:" + task.taskKey(), task.newCluster());
    } else if (task.jobClusterKey() != null) {
      ClusterSpec spec =
          ctx.settings().jobClustersOrEmpty().stream()
              .filter(c -> c.jobClusterKey().equals(task.jobClusterKey()))
              .map(JobCluster::newCluster)
              .findFirst()
              .orElseThrow(
                  () ->
                      new ClusterUnavailable(
                          TerminationCodeCode.INVALID_CLUSTER_REQUEST,
                          "Job cluster " + task.jobClusterKey() + " is not defined"));
      clusterId = created(ctx, "job:" + task.jobClusterKey(), spec);
    } else {
      throw new ClusterUnavailable(
          TerminationCodeCode.INVALID_CLUSTER_REQUEST, "The task has no cluster");
    }
    ctx.cluster(clusterId, null);
    ClusterDetails running = awaitRunning(ctx, clusterId);
    ctx.cluster(clusterId, running.sparkContextId());
    return clusterId;
  }

  /** Ends the clusters a run created. */
  public void release(long jobRunId) {
    List<String> ids =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT cluster_id FROM run_clusters WHERE job_run_id = :run AND NOT"
                            + " released")
                    .bind("run", jobRunId)
                    .mapTo(String.class)
                    .list());
    for (String id : ids) {
      try {
        clusters.terminateFinishedJobCluster(id);
      } catch (ApiException e) {
        LOG.warn("Could not terminate job cluster {} of run {}: {}", id, jobRunId, e.getMessage());
      }
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "UPDATE run_clusters SET released = TRUE WHERE job_run_id = :run AND"
                          + " cluster_id = :id")
                  .bind("run", jobRunId)
                  .bind("id", id)
                  .execute());
    }
  }

  private void startIfTerminated(TaskContext ctx, String clusterId) throws ClusterUnavailable {
    try {
      ClusterDetails c = clusters.get(clusterId);
      if (c.state() == ClusterState.TERMINATED) {
        clusters.start(clusterId, ctx.principal());
      }
    } catch (ApiException e) {
      throw new ClusterUnavailable(
          TerminationCodeCode.RESOURCE_NOT_FOUND,
          "Cluster " + clusterId + " could not be used: " + e.getMessage());
    }
  }

  private String created(TaskContext ctx, String key, ClusterSpec spec) throws ClusterUnavailable {
    long runId = ctx.run().runId();
    Object lock = locks.computeIfAbsent(runId + "/" + key, k -> new Object());
    synchronized (lock) {
      Optional<String> known = known(runId, key);
      if (known.isPresent()) {
        return known.get();
      }
      String name =
          spec.clusterName() != null
              ? spec.clusterName()
              : "job-" + (ctx.run().jobId() == null ? "run" : ctx.run().jobId()) + "-run-" + runId;
      String id;
      try {
        id = clusters.create(spec.withClusterName(name), ctx.principal(), ClusterSource.JOB);
      } catch (ApiException e) {
        throw new ClusterUnavailable(
            TerminationCodeCode.INVALID_CLUSTER_REQUEST,
            "The cluster of the task could not be created: " + e.getMessage());
      }
      jdbi.useHandle(
          h ->
              h.createUpdate(
                      "INSERT INTO run_clusters (job_run_id, cluster_key, cluster_id, released)"
                          + " VALUES (:run, :key, :id, FALSE)")
                  .bind("run", runId)
                  .bind("key", key)
                  .bind("id", id)
                  .execute());
      return id;
    }
  }

  private Optional<String> known(long runId, String key) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT cluster_id FROM run_clusters WHERE job_run_id = :run AND cluster_key ="
                        + " :key")
                .bind("run", runId)
                .bind("key", key)
                .mapTo(String.class)
                .findOne());
  }

  private ClusterDetails awaitRunning(TaskContext ctx, String clusterId)
      throws ClusterUnavailable, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      ClusterDetails c;
      try {
        c = clusters.get(clusterId);
      } catch (ApiException e) {
        throw new ClusterUnavailable(TerminationCodeCode.RESOURCE_NOT_FOUND, e.getMessage());
      }
      ClusterState state = c.state();
      if (state == ClusterState.RUNNING || state == ClusterState.RESIZING) {
        return c;
      }
      if (state == ClusterState.TERMINATED
          || state == ClusterState.TERMINATING
          || state == ClusterState.ERROR) {
        throw new ClusterUnavailable(
            TerminationCodeCode.CLUSTER_ERROR,
            "Cluster " + clusterId + " is " + state + ": " + c.stateMessage());
      }
      if (System.nanoTime() > deadline) {
        throw new ClusterUnavailable(
            TerminationCodeCode.CLUSTER_ERROR,
            "Cluster " + clusterId + " did not start within " + START_TIMEOUT.toMinutes() + " min");
      }
      ctx.pause(250);
    }
  }
}
