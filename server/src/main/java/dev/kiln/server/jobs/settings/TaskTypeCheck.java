package dev.kiln.server.jobs.settings;

import dev.kiln.model.jobs.Task;
import dev.kiln.server.api.ApiException;

/** The required fields of each task type, checked when a job is created or a run submitted. */
final class TaskTypeCheck {
  private TaskTypeCheck() {}

  static void check(Task t) {
    String key = t.taskKey();
    if (t.notebookTask() != null) {
      required(t.notebookTask().notebookPath(), key, "notebook_task.notebook_path");
      if (!t.notebookTask().notebookPath().startsWith("/")) {
        throw ApiException.invalid(
            "Task " + key + ": notebook_path must be an absolute workspace path");
      }
    } else if (t.sparkPythonTask() != null) {
      required(t.sparkPythonTask().pythonFile(), key, "spark_python_task.python_file");
    } else if (t.sparkJarTask() != null) {
      required(t.sparkJarTask().mainClassName(), key, "spark_jar_task.main_class_name");
      if (t.sparkJarTask().mainClassName().isBlank()) {
        throw ApiException.invalid("Task " + key + ": spark_jar_task.main_class_name is empty");
      }
      if (t.sparkJarTask().parameters() != null
          && t.sparkJarTask().parameters().stream().anyMatch(java.util.Objects::isNull)) {
        throw ApiException.invalid(
            "Task " + key + ": spark_jar_task.parameters must not hold null");
      }
    } else if (t.sqlTask() != null) {
      if (t.sqlTask().file() == null) {
        throw ApiException.invalid(
            "Task "
                + key
                + ": Kiln runs sql_task with a file; query, dashboard and alert need a"
                + " SQL warehouse");
      }
      required(t.sqlTask().file().path(), key, "sql_task.file.path");
    } else if (t.conditionTask() != null) {
      if (t.conditionTask().op() == null) {
        throw ApiException.invalid("Task " + key + ": condition_task.op is required");
      }
      required(t.conditionTask().left(), key, "condition_task.left");
      required(t.conditionTask().right(), key, "condition_task.right");
    } else if (t.runJobTask() != null) {
      if (t.runJobTask().jobId() == null) {
        throw ApiException.invalid("Task " + key + ": run_job_task.job_id is required");
      }
    } else if (t.sparkSubmitTask() != null) {
      if (t.sparkSubmitTask().parameters() == null || t.sparkSubmitTask().parameters().isEmpty()) {
        throw ApiException.invalid("Task " + key + ": spark_submit_task.parameters is required");
      }
      try {
        SparkSubmitArgs.parse(t.sparkSubmitTask().parameters());
      } catch (ApiException e) {
        throw ApiException.invalid("Task " + key + ": " + e.getMessage());
      }
    }
  }

  private static void required(String value, String key, String field) {
    if (value == null) {
      throw ApiException.invalid("Task " + key + ": missing required field " + field);
    }
  }
}
