package dev.kiln.server.jobs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.jobs.JobSettings;
import dev.kiln.model.jobs.RunType;
import dev.kiln.model.jobs.Task;
import dev.kiln.model.node.notebooks.NotebookRunState;
import dev.kiln.model.workspace.ObjectType;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.workspace.WorkspaceService;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code dbutils.notebook.run} on the control plane: the child is a one-task submitted run of the
 * notebook on the caller's cluster ({@code existing_cluster_id}), recorded as a {@code
 * WORKFLOW_RUN} before it starts, like every run. A node sees and stops only the child runs of its
 * own cluster that its command's user started.
 */
public final class NotebookWorkflows {
  private final Jdbi jdbi;
  private final RunTriggers triggers;
  private final RunControl control;
  private final WorkspaceService workspace;

  NotebookWorkflows(
      Jdbi jdbi, RunTriggers triggers, RunControl control, WorkspaceService workspace) {
    this.jdbi = jdbi;
    this.triggers = triggers;
    this.control = control;
    this.workspace = workspace;
  }

  /** Records the child run and returns its id; a missing notebook starts nothing. */
  public long start(
      String user,
      String clusterId,
      String path,
      String callerPath,
      Integer timeoutSeconds,
      Map<String, String> arguments) {
    String notebook = NotebookPaths.resolve(callerPath, path);
    int timeout = timeoutSeconds == null ? 0 : timeoutSeconds;
    if (timeout < 0) {
      throw ApiException.invalid("timeout_seconds must not be negative, got " + timeout);
    }
    ObjectType type;
    try {
      type = workspace.getStatus(notebook).objectType();
    } catch (ApiException e) {
      throw new ApiException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "Notebook not found: " + notebook);
    }
    if (type != ObjectType.NOTEBOOK) {
      throw ApiException.invalid("Path (" + notebook + ") is not a notebook");
    }
    // One task without a timeout of its own: the run's timeout ends the child TIMEDOUT.
    String name = notebook.substring(notebook.lastIndexOf('/') + 1);
    ObjectNode body = JobsJson.MAPPER.createObjectNode();
    body.put("run_name", name);
    body.put("timeout_seconds", timeout);
    ObjectNode task = body.putArray("tasks").addObject();
    task.put(
        "task_key",
        SettingsJson.singleTaskKey(JobsJson.MAPPER.createObjectNode().put("name", name)));
    task.put("existing_cluster_id", clusterId);
    ObjectNode nb = task.putObject("notebook_task");
    nb.put("notebook_path", notebook);
    nb.put("source", "WORKSPACE");
    ObjectNode params = nb.putObject("base_parameters");
    if (arguments != null) {
      arguments.forEach((k, v) -> params.put(k, v == null ? "" : v));
    }
    return triggers.submitWorkflow(user, body);
  }

  /** The child as its caller waits for it. */
  public NotebookRunState state(String user, String clusterId, long runId) {
    JobRunRow run = child(user, clusterId, runId);
    List<TaskRunRow> tasks = jdbi.onDemand(TaskRunDao.class).ofRun(runId);
    TaskOutput out = TaskOutput.none();
    if (!tasks.isEmpty() && tasks.get(tasks.size() - 1).output() != null) {
      out = JobsJson.read(tasks.get(tasks.size() - 1).output(), TaskOutput.class);
    }
    boolean ended = run.lifeCycleState().isTerminal();
    String resultState =
        !ended ? null : run.resultState() == null ? "FAILED" : run.resultState().name();
    return new NotebookRunState(
        runId,
        notebookOf(run),
        run.lifeCycleState().name(),
        resultState,
        run.stateMessage(),
        out.result(),
        out.error());
  }

  /** Stops the child (a no-op once it ended). */
  public void cancel(String user, String clusterId, long runId) {
    child(user, clusterId, runId);
    control.cancel(runId);
  }

  /** The run, if it is a child run of this cluster started for this user. */
  private JobRunRow child(String user, String clusterId, long runId) {
    JobRunRow run =
        jdbi.onDemand(JobRunDao.class)
            .byId(runId)
            .filter(r -> r.runType() == RunType.WORKFLOW_RUN)
            .filter(r -> r.creatorUserName().equals(user))
            .filter(r -> clusterId.equals(clusterOf(r)))
            .orElseThrow(() -> RunQueries.runNotFound(runId));
    return run;
  }

  private static Task onlyTask(JobRunRow run) {
    List<Task> tasks = JobsJson.read(run.settings(), JobSettings.class).tasksOrEmpty();
    return tasks.size() == 1 ? tasks.get(0) : null;
  }

  private static String clusterOf(JobRunRow run) {
    Task t = onlyTask(run);
    return t == null ? null : t.existingClusterId();
  }

  private static String notebookOf(JobRunRow run) {
    Task t = onlyTask(run);
    return t == null || t.notebookTask() == null ? null : t.notebookTask().notebookPath();
  }
}
