package dev.kiln.server.jobs.runs;

import java.util.List;

/**
 * {@code GET /api/2.0/kiln/jobs/runs/notebook-links?run_id=}: Kiln's own view of {@code
 * dbutils.notebook.run} links, which Databricks' runs/get does not carry. For a child run, {@code
 * parent} is the job task run whose command started it; for a task run, {@code children} are the
 * runs its commands started.
 */
public record NotebookRunLinks(long runId, Parent parent, List<Child> children) {
  /** The job run, and its task run (by id and key), that started a child run. */
  public record Parent(long runId, long taskRunId, String taskKey) {}

  /** A child run and the notebook it runs. */
  public record Child(long runId, String notebookPath) {}
}
