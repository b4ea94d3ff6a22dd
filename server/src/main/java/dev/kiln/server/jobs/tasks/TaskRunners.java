package dev.kiln.server.jobs.tasks;

import dev.kiln.model.jobs.Task;
import dev.kiln.model.jobs.TerminationCodeCode;
import java.util.function.Function;

/** The runner of each task type; the types Kiln cannot run end as INTERNAL_ERROR saying so. */
public final class TaskRunners implements Function<TaskContext, TaskRunner> {
  private final TaskRunner condition;
  private final TaskRunner runJob;
  private final TaskRunner notebook;
  private final TaskRunner pythonFile;
  private final TaskRunner sqlFile;
  private final TaskRunner jar;
  private final TaskRunner sparkSubmit;

  public TaskRunners(
      TaskRunner condition,
      TaskRunner runJob,
      TaskRunner notebook,
      TaskRunner pythonFile,
      TaskRunner sqlFile,
      TaskRunner jar,
      TaskRunner sparkSubmit) {
    this.condition = condition;
    this.runJob = runJob;
    this.notebook = notebook;
    this.pythonFile = pythonFile;
    this.sqlFile = sqlFile;
    this.jar = jar;
    this.sparkSubmit = sparkSubmit;
  }

  @Override
  public TaskRunner apply(TaskContext ctx) {
    Task t = ctx.task();
    if (t == null) {
      return c ->
          TaskResult.internalError(
              TerminationCodeCode.INVALID_RUN_CONFIGURATION,
              "Task " + ctx.row().taskKey() + " is not in the run's settings");
    }
    if (t.conditionTask() != null) {
      return condition;
    }
    if (t.runJobTask() != null) {
      return runJob;
    }
    if (t.notebookTask() != null) {
      return notebook;
    }
    if (t.sparkPythonTask() != null) {
      return pythonFile;
    }
    if (t.sqlTask() != null) {
      return sqlFile;
    }
    if (t.sparkJarTask() != null) {
      return jar;
    }
    if (t.sparkSubmitTask() != null) {
      return sparkSubmit;
    }
    String type = t.taskTypes().isEmpty() ? "(none)" : t.taskTypes().get(0);
    return c ->
        TaskResult.internalError(
            TerminationCodeCode.INVALID_RUN_CONFIGURATION,
            "Kiln cannot run " + type + " tasks yet");
  }
}
