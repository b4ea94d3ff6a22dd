package dev.kiln.driver.dbutils;

import java.util.Map;

/**
 * Where {@code dbutils.notebook.run} starts its child runs: the control plane's jobs engine, which
 * records the run, runs the notebook on this cluster and keeps its state and output. Each call
 * carries the calling command's {@code credential}, which names the user and the context.
 */
public interface NotebookRuns {
  /**
   * Starts a child run of {@code path} (absolute, or relative to {@code callerPath}) for the user
   * of {@code credential}, with {@code arguments} as widget values; returns its run id. The control
   * plane links the child to the job task run that owns the credential's context.
   */
  long start(
      String credential,
      String path,
      String callerPath,
      int timeoutSeconds,
      Map<String, String> arguments);

  /** The run's state as its caller needs it. */
  RunState state(String credential, long runId);

  /** Asks the engine to stop the run (a no-op once it ended). */
  void cancel(String credential, long runId);

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
