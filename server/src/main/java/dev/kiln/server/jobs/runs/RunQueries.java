package dev.kiln.server.jobs.runs;

import dev.kiln.model.jobs.ExportRunOutput;
import dev.kiln.model.jobs.JobSettings;
import dev.kiln.model.jobs.ListRunsResponse;
import dev.kiln.model.jobs.NotebookOutput;
import dev.kiln.model.jobs.Run;
import dev.kiln.model.jobs.RunJobOutput;
import dev.kiln.model.jobs.RunOutput;
import dev.kiln.model.jobs.RunType;
import dev.kiln.model.jobs.Task;
import dev.kiln.model.jobs.ViewItem;
import dev.kiln.model.jobs.ViewType;
import dev.kiln.model.jobs.ViewsToExport;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.jobs.settings.ApiVersion;
import dev.kiln.server.jobs.settings.JobDao;
import dev.kiln.server.jobs.settings.JobsJson;
import dev.kiln.server.jobs.settings.PageToken;
import dev.kiln.server.workspace.WorkspaceService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Reading runs: runs/get, runs/list, runs/get-output and runs/export. */
public final class RunQueries {
  private final Jdbi jdbi;
  private final RunViews views;
  private final WorkspaceService workspace;

  public RunQueries(Jdbi jdbi, RunViews views, WorkspaceService workspace) {
    this.jdbi = jdbi;
    this.views = views;
    this.workspace = workspace;
  }

  /** The filters of runs/list. */
  public record ListQuery(
      Long jobId,
      boolean activeOnly,
      boolean completedOnly,
      Long offset,
      Long limit,
      String pageToken,
      String runType,
      boolean expandTasks,
      Long startTimeFrom,
      Long startTimeTo) {}

  public Run get(long runId, boolean includeHistory, String pageToken, ApiVersion version) {
    Optional<JobRunRow> row = jdbi.onDemand(JobRunDao.class).byId(runId);
    if (row.isEmpty()) {
      TaskRunRow task = taskRun(runId);
      JobRunRow parent = jobRun(task.jobRunId());
      return views.taskAsRun(parent, task, taskOf(parent, task.taskKey()));
    }
    Run run = views.run(row.get(), taskRows(runId), repairs(runId), includeHistory, true);
    return version.pagesArrays() ? RunPages.page(run, pageToken) : run;
  }

  public ListRunsResponse list(ListQuery q) {
    if (q.activeOnly() && q.completedOnly()) {
      throw ApiException.invalid("active_only and completed_only cannot both be true");
    }
    long limitValue = q.limit() == null || q.limit() == 0 ? 25 : q.limit();
    if (limitValue < 1 || limitValue > 25) {
      throw ApiException.invalid("limit must be between 1 and 25, got " + limitValue);
    }
    int limit = (int) limitValue;
    long offset =
        q.pageToken() != null && !q.pageToken().isEmpty()
            ? PageToken.offset(q.pageToken())
            : q.offset() == null ? 0 : q.offset();
    if (offset < 0) {
      throw ApiException.invalid("offset must not be negative");
    }
    List<String> where = new ArrayList<>(List.of("1 = 1"));
    if (q.jobId() != null) {
      var unused =
          jdbi.onDemand(JobDao.class).byId(q.jobId()).orElseThrow(() -> JobDao.notFound(q.jobId()));
      where.add("job_id = :job");
    }
    if (q.activeOnly()) {
      where.add("life_cycle_state NOT IN " + JobRunDao.TERMINAL);
    }
    if (q.completedOnly()) {
      where.add("life_cycle_state IN " + JobRunDao.TERMINAL);
    }
    if (q.runType() != null) {
      try {
        RunType.valueOf(q.runType());
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid("Invalid run_type: " + q.runType());
      }
      where.add("run_type = :runType");
    }
    if (q.startTimeFrom() != null) {
      where.add("created_time >= :from");
    }
    if (q.startTimeTo() != null) {
      where.add("created_time <= :to");
    }
    List<JobRunRow> rows =
        jdbi.onDemand(JobRunDao.class)
            .page(
                String.join(" AND ", where),
                q.jobId(),
                q.runType(),
                q.startTimeFrom(),
                q.startTimeTo(),
                offset,
                limit + 1);
    boolean hasMore = rows.size() > limit;
    List<Run> runs = new ArrayList<>();
    for (JobRunRow r : rows.subList(0, Math.min(limit, rows.size()))) {
      runs.add(
          views.run(
              r,
              q.expandTasks() ? taskRows(r.runId()) : List.of(),
              List.of(),
              false,
              q.expandTasks()));
    }
    return new ListRunsResponse(
        runs,
        hasMore,
        hasMore ? PageToken.of(offset + limit) : null,
        offset > 0 ? PageToken.of(Math.max(0, offset - limit)) : null);
  }

  /** runs/get-output: a task run; a job run only when it has exactly one task. */
  public RunOutput output(long runId) {
    Optional<JobRunRow> jobRun = jdbi.onDemand(JobRunDao.class).byId(runId);
    TaskRunRow task;
    if (jobRun.isPresent()) {
      JobSettings settings = JobsJson.read(jobRun.get().settings(), JobSettings.class);
      List<TaskRunRow> shown = RunViews.shown(settings, taskRows(runId));
      if (settings.tasksOrEmpty().size() != 1 || shown.isEmpty()) {
        throw ApiException.invalid(
            "Retrieving the output of runs with multiple tasks is not supported. Please retrieve"
                + " the output of each individual task run instead.");
      }
      task = shown.get(shown.size() - 1);
    } else {
      task = taskRun(runId);
    }
    JobRunRow parent = jobRun(task.jobRunId());
    Run metadata = views.taskAsRun(parent, task, taskOf(parent, task.taskKey()));
    TaskOutput out =
        task.output() == null ? TaskOutput.none() : JobsJson.read(task.output(), TaskOutput.class);
    return new RunOutput(
        metadata,
        out.result() == null ? null : new NotebookOutput(out.result(), out.truncated()),
        out.logs(),
        out.logs() == null ? null : Boolean.TRUE.equals(out.logsTruncated()),
        out.error(),
        out.errorTrace(),
        null,
        null,
        out.runJobRunId() == null ? null : new RunJobOutput(out.runJobRunId()));
  }

  /** runs/export of a notebook task run: the notebook's source as a NOTEBOOK view. */
  public ExportRunOutput export(long runId, String viewsToExport) {
    ViewsToExport which;
    try {
      which = viewsToExport == null ? ViewsToExport.CODE : ViewsToExport.valueOf(viewsToExport);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("Invalid views_to_export: " + viewsToExport);
    }
    if (jdbi.onDemand(JobRunDao.class).byId(runId).isPresent()) {
      throw ApiException.invalid(
          "Run " + runId + " is a job run; export one of its task runs instead");
    }
    TaskRunRow task = taskRun(runId);
    Task settings = taskOf(jobRun(task.jobRunId()), task.taskKey());
    if (settings == null || settings.notebookTask() == null) {
      throw ApiException.invalid(
          "Only notebook task runs can be exported; run " + runId + " is not one");
    }
    if (which == ViewsToExport.DASHBOARDS) {
      return new ExportRunOutput(List.of());
    }
    String path = settings.notebookTask().notebookPath();
    String source;
    try {
      source = new String(workspace.fileContent(path), java.nio.charset.StandardCharsets.UTF_8);
    } catch (ApiException e) {
      throw new ApiException(
          ErrorCode.RESOURCE_DOES_NOT_EXIST,
          "The notebook " + path + " of run " + runId + " no longer exists");
    }
    String name = path.substring(path.lastIndexOf('/') + 1);
    return new ExportRunOutput(List.of(new ViewItem(source, name, ViewType.NOTEBOOK)));
  }

  private TaskRunRow taskRun(long runId) {
    return jdbi.onDemand(TaskRunDao.class).byId(runId).orElseThrow(() -> runNotFound(runId));
  }

  private JobRunRow jobRun(long runId) {
    return jdbi.onDemand(JobRunDao.class).byId(runId).orElseThrow(() -> runNotFound(runId));
  }

  private List<TaskRunRow> taskRows(long runId) {
    return jdbi.onDemand(TaskRunDao.class).ofRun(runId);
  }

  private List<RunRepairRow> repairs(long runId) {
    return jdbi.onDemand(RunRepairDao.class).ofRun(runId);
  }

  static Task taskOf(JobRunRow run, String key) {
    return JobsJson.read(run.settings(), JobSettings.class).tasksOrEmpty().stream()
        .filter(t -> t.taskKey().equals(key))
        .findFirst()
        .orElse(null);
  }

  static ApiException runNotFound(long runId) {
    return new ApiException(ErrorCode.RESOURCE_DOES_NOT_EXIST, "Run " + runId + " does not exist.");
  }
}
