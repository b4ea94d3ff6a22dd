package dev.kiln.model.node.exec;

import java.util.Map;

/**
 * {@code POST /contexts} on a driver node: a context of {@code language} for {@code user}. A job
 * task's context also gets its parameters as bound widget values ({@code widgets}) and the task
 * values of its upstream tasks ({@code task_values}: task key to key to JSON value), which {@code
 * dbutils.jobs.taskValues.get} reads. A notebook task's contexts know their notebook ({@code
 * notebook_path}), which relative {@code dbutils.notebook.run} paths start from.
 */
public record CreateContext(
    String language,
    String user,
    Map<String, String> widgets,
    Map<String, Map<String, Object>> taskValues,
    String notebookPath) {

  public CreateContext(String language, String user) {
    this(language, user, null, null, null);
  }
}
