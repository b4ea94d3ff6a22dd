package dev.kiln.server.jobs.runs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.jobs.JobSettings;
import dev.kiln.model.jobs.RunType;
import dev.kiln.model.jobs.Task;
import dev.kiln.model.node.notebooks.NotebookRunState;
import dev.kiln.model.workspace.ObjectType;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.jobs.settings.JobsJson;
import dev.kiln.server.jobs.settings.SettingsJson;
import dev.kiln.server.workspace.WorkspaceService;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code dbutils.notebook.run} on the control plane: the child is a one-task submitted run of the
 * notebook on the caller's cluster ({@code existing_cluster_id}), recorded as a {@code
 * WORKFLOW_RUN} before it starts, like every run. A node sees and stops only the child runs of its
 * own cluster that its command's user started. A child started by a job task's command is linked to
 * that task run (found by the command's context); Databricks' runs/get has no field for it, so the
 * link is read through {@link #links}.
 */
public final class NotebookWorkflows {
  private final Jdbi jdbi;
  private final RunTriggers triggers;
  private final RunControl control;
  private final WorkspaceService workspace;

  public NotebookWorkflows(
      Jdbi jdbi, RunTriggers triggers, RunControl control, WorkspaceService workspace) {
    this.jdbi = jdbi;
    this.triggers = triggers;
    this.control = control;
    this.workspace = workspace;
  }

  /**
   * Records the child run and returns its id; a missing notebook starts nothing.
   *
   * @param contextId the context of the calling command (null from an older driver)
   */
  public long start(
      String user,
      String clusterId,
      String contextId,
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
    Optional<TaskRunRow> parent = parentTask(clusterId, contextId);
    long runId = triggers.submitWorkflow(user, body);
    parent.ifPresent(
        p ->
            jdbi.onDemand(NotebookRunParentDao.class)
                .insert(
                    new NotebookRunParentDao.Link(runId, p.jobRunId(), p.runId(), p.taskKey())));
    return runId;
  }

  /** The links of a run: the task run that started it, and the child runs a task run started. */
  public NotebookRunLinks links(long runId) {
    NotebookRunParentDao dao = jdbi.onDemand(NotebookRunParentDao.class);
    NotebookRunLinks.Parent parent =
        dao.parentOf(runId)
            .map(
                l ->
                    new NotebookRunLinks.Parent(
                        l.parentRunId(), l.parentTaskRunId(), l.parentTaskKey()))
            .orElse(null);
    List<NotebookRunLinks.Child> children =
        dao.childrenOf(runId).stream()
            .map(l -> new NotebookRunLinks.Child(l.runId(), notebookOfRun(l.runId())))
            .toList();
    return new NotebookRunLinks(runId, parent, children);
  }

  /** The open task run on the cluster whose progress holds the context the command runs in. */
  private Optional<TaskRunRow> parentTask(String clusterId, String contextId) {
    if (contextId == null || contextId.isBlank()) {
      return Optional.empty();
    }
    return jdbi.onDemand(TaskRunDao.class).openOnCluster(clusterId).stream()
        .filter(t -> holdsContext(t.progress(), contextId))
        .findFirst();
  }

  /** Whether a task's progress names the context: its own, or one of a notebook's. */
  static boolean holdsContext(String progress, String contextId) {
    if (progress == null) {
      return false;
    }
    JsonNode p = JobsJson.read(progress, JsonNode.class);
    if (contextId.equals(p.path("context").asText(null))) {
      return true;
    }
    for (JsonNode id : p.path("contexts")) {
      if (contextId.equals(id.asText(null))) {
        return true;
      }
    }
    return false;
  }

  private String notebookOfRun(long runId) {
    return jdbi.onDemand(JobRunDao.class)
        .byId(runId)
        .map(NotebookWorkflows::notebookOf)
        .orElse(null);
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
