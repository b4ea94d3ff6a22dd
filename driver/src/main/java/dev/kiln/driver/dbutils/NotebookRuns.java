package dev.kiln.driver.dbutils;

import java.util.Map;

/**
 * Where {@code dbutils.notebook.run} starts its child runs: the control plane's jobs engine, which
 * records the run, runs the notebook on this cluster and keeps its state and output.
 */
public interface NotebookRuns {
  /**
   * Starts a child run of {@code path} (absolute, or relative to {@code callerPath}) for {@code
   * user}, with {@code arguments} as widget values; returns its run id. {@code contextId} is the
   * context of the calling command, which links the child to the job task run that owns it.
   */
  long start(
      String user,
      String path,
      String callerPath,
      String contextId,
      int timeoutSeconds,
      Map<String, String> arguments);

  /** The run's state as its caller needs it. */
  RunState state(String user, long runId);

  /** Asks the engine to stop the run (a no-op once it ended). */
  void cancel(String user, long runId);

  /**
   * A child run's state: {@code resultState} is null until the run ended; {@code result} is its
   * notebook's exit value, {@code error} its error.
   */
  record RunState(String path, String resultState, String result, String error, String message) {
    public boolean ended() {
      return resultState != null;
    }
  }
}
