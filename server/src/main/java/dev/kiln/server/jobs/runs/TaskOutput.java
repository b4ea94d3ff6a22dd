package dev.kiln.server.jobs.runs;

/**
 * What a task run produced, stored as JSON with the row and served by runs/get-output.
 *
 * @param result the notebook's exit value (first 5 MB), or null
 * @param logs stdout and stderr of a file task (last 5 MB), or null
 * @param runJobRunId the run a run-job task started
 */
public record TaskOutput(
    String result,
    Boolean truncated,
    String logs,
    Boolean logsTruncated,
    String error,
    String errorTrace,
    Long runJobRunId) {
  static final int MAX_BYTES = 5 * 1024 * 1024;

  public static TaskOutput none() {
    return new TaskOutput(null, null, null, null, null, null, null);
  }

  public static TaskOutput error(String error, String trace) {
    return new TaskOutput(null, null, null, null, error, trace, null);
  }

  /** A notebook result: the first 5 MB (as characters, close enough for text). */
  public TaskOutput withResult(String value) {
    if (value == null) {
      return this;
    }
    boolean cut = value.length() > MAX_BYTES;
    return new TaskOutput(
        cut ? value.substring(0, MAX_BYTES) : value,
        cut,
        logs,
        logsTruncated,
        error,
        errorTrace,
        runJobRunId);
  }

  /** Logs: the last 5 MB. */
  public TaskOutput withLogs(String text) {
    return withLogs(text, false);
  }

  /** Logs: the last 5 MB; {@code cutBefore} when the driver already dropped part of them. */
  public TaskOutput withLogs(String text, boolean cutBefore) {
    if (text == null) {
      return this;
    }
    boolean cut = cutBefore || text.length() > MAX_BYTES;
    return new TaskOutput(
        result,
        truncated,
        text.length() > MAX_BYTES ? text.substring(text.length() - MAX_BYTES) : text,
        cut,
        error,
        errorTrace,
        runJobRunId);
  }

  public TaskOutput withError(String message, String trace) {
    return new TaskOutput(result, truncated, logs, logsTruncated, message, trace, runJobRunId);
  }

  public TaskOutput withRunJob(long runId) {
    return new TaskOutput(result, truncated, logs, logsTruncated, error, errorTrace, runId);
  }
}
