package dev.kiln.server.jobs.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.jobs.NotebookTask;
import dev.kiln.model.jobs.RunParameters;
import dev.kiln.model.jobs.TerminationCodeCode;
import dev.kiln.model.workspace.Language;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.jobs.runs.RunEnd;
import dev.kiln.server.jobs.runs.TaskOutput;
import dev.kiln.server.libraries.ClusterLibraries;
import dev.kiln.server.workspace.Cell;
import dev.kiln.server.workspace.Notebook;
import dev.kiln.server.workspace.WorkspaceService;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A notebook task: the workspace notebook run cell by cell, each cell in a context of its language
 * (the notebook's, or a {@code %python}/{@code %sql}/{@code %scala} magic's; {@code %md} cells are
 * skipped). Parameters ({@code base_parameters}, job parameters, then run-now {@code
 * notebook_params}, which win) are widget values. {@code dbutils.notebook.exit} ends the notebook
 * with its value as the result; an error cell fails the task. Progress (contexts, cell, command) is
 * stored before each command is awaited, so a restarted control plane re-attaches to it.
 */
public final class NotebookTaskRunner extends ClusterTaskRunner {
  private final WorkspaceService workspace;

  public NotebookTaskRunner(
      RunClusters clusters,
      ClusterLibraries libraries,
      DriverCommands driver,
      WorkspaceService workspace) {
    super(clusters, libraries, driver);
    this.workspace = workspace;
  }

  @Override
  TaskResult work(TaskContext ctx, String clusterId) throws Exception {
    NotebookTask nb = ctx.task().notebookTask();
    Notebook notebook;
    try {
      notebook = workspace.notebook(nb.notebookPath());
    } catch (ApiException e) {
      return TaskResult.internalError(
          TerminationCodeCode.RESOURCE_NOT_FOUND,
          "Notebook " + nb.notebookPath() + " could not be read: " + e.getMessage());
    }
    Map<String, String> widgets = widgets(ctx, nb);
    ObjectNode progress = ctx.progress();
    ObjectNode contexts = progress.withObject("/contexts");
    List<Cell> cells = notebook.cells();
    String exit = null;
    TaskOutput output = TaskOutput.none();
    boolean keep = false;
    try {
      for (int i = progress.path("cell").asInt(0); i < cells.size(); i++) {
        Cell cell = cells.get(i);
        Language language = cell.language(notebook.language());
        if ("md".equals(cell.magic()) || cell.body().isBlank()) {
          continue;
        }
        if (language == null || language == Language.R) {
          return TaskResult.of(
              RunEnd.failed(),
              output.withError(
                  "Cell " + (i + 1) + ": %" + cell.magic() + " is not supported in Kiln job runs",
                  null));
        }
        String lang = language.name().toLowerCase(Locale.ROOT);
        String contextId;
        String commandId;
        if (ctx.resumed() && progress.path("cell").asInt(-1) == i && progress.has("command")) {
          contextId = progress.get("command_context").asText();
          commandId = progress.get("command").asText();
        } else {
          ctx.checkStop();
          if (!contexts.has(lang)) {
            contexts.put(
                lang,
                driver.createContext(
                    ctx, clusterId, lang, widgets, ctx.upstreamValues(), nb.notebookPath()));
            ctx.save();
          }
          contextId = contexts.get(lang).asText();
          commandId = driver.execute(ctx, clusterId, contextId, lang, cell.body());
          progress.put("cell", i).put("command", commandId).put("command_context", contextId);
          ctx.save();
        }
        DriverCommands.Done done = driver.await(ctx, clusterId, contextId, commandId);
        DriverCommands.stopIfCancelled(ctx, done);
        if (done.isError()) {
          return withValues(ctx, clusterId, failed(done, output));
        }
        if (done.notebookExit() != null) {
          exit = done.notebookExit();
          break;
        }
      }
      TaskResult ok = TaskResult.of(RunEnd.success(), output.withResult(exit));
      return withValues(ctx, clusterId, ok);
    } catch (InterruptedException e) {
      keep = ctx.stopReason() == null; // Kiln is stopping: the next start re-attaches
      throw e;
    } finally {
      if (!keep) {
        contexts.properties().forEach(e -> driver.destroyQuietly(clusterId, e.getValue().asText()));
      }
    }
  }

  /** The task values every context of the notebook set, merged. */
  private TaskResult withValues(TaskContext ctx, String clusterId, TaskResult result) {
    Map<String, Object> values = new HashMap<>();
    ctx.progress()
        .withObject("/contexts")
        .properties()
        .forEach(e -> values.putAll(driver.taskValues(clusterId, e.getValue().asText())));
    return new TaskResult(result.end(), result.outcome(), values, result.output());
  }

  static Map<String, String> widgets(TaskContext ctx, NotebookTask nb) {
    Map<String, String> widgets = new LinkedHashMap<>();
    if (nb.baseParameters() != null) {
      nb.baseParameters().forEach((k, v) -> widgets.put(k, ctx.resolve(v)));
    }
    widgets.putAll(ctx.jobParameters());
    RunParameters overriding = ctx.overriding();
    if (overriding != null && overriding.notebookParams() != null) {
      overriding.notebookParams().forEach((k, v) -> widgets.put(k, ctx.resolve(v)));
    }
    return widgets;
  }
}
