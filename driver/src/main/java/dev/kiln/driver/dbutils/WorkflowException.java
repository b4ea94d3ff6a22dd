package dev.kiln.driver.dbutils;

/**
 * {@code dbutils.notebook.run} failed: the child could not start, failed, timed out or was
 * cancelled. Named as on Databricks, where callers catch it by this name.
 */
public final class WorkflowException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WorkflowException(String message) {
    super(message);
  }
}
