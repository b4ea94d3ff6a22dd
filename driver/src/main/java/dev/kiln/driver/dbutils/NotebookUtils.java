package dev.kiln.driver.dbutils;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code dbutils.notebook}: {@code exit(value)} ends the command with {@code value} as its text;
 * {@code run(path, timeoutSeconds, arguments)} runs another notebook as a child run on this cluster
 * and returns the value it exited with.
 */
public final class NotebookUtils {
  /** How long past its timeout a child may take to be reported ended before the caller gives up. */
  static final Duration GRACE = Duration.ofSeconds(30);

  /** How long the control plane may be unreachable (a restart) before the caller gives up. */
  static final Duration UNREACHABLE = Duration.ofMinutes(5);

  private static final long MAX_POLL_MS = 500;

  private final NotebookRuns runs;
  private final Supplier<String> credential;
  private final Duration grace;
  private volatile String exitValue;
  private volatile String notebookPath;
  private volatile boolean cancelled;

  /** {@code credential} gives the running command's credential, which the child runs as. */
  public NotebookUtils(NotebookRuns runs, Supplier<String> credential) {
    this(runs, credential, GRACE);
  }

  NotebookUtils(NotebookRuns runs, Supplier<String> credential, Duration grace) {
    this.runs = runs;
    this.credential = credential;
    this.grace = grace;
  }

  /** Records {@code value} as the command's result and stops the command. */
  public void exit(String value) {
    exitValue = value == null ? "null" : value;
    throw new NotebookExit(exitValue);
  }

  /**
   * Runs the notebook at {@code path} (absolute, or relative to this context's notebook) as a child
   * run with {@code arguments} as its widget values, waits up to {@code timeoutSeconds} (0: no
   * limit) and returns its exit value ("" when it did not exit). A failed, timed-out or cancelled
   * child throws {@link WorkflowException}.
   */
  public String run(String path, int timeoutSeconds, Map<String, String> arguments) {
    if (runs == null) {
      throw new WorkflowException("dbutils.notebook.run is not available in this context");
    }
    if (path == null || path.isBlank()) {
      throw new IllegalArgumentException("dbutils.notebook.run needs a notebook path");
    }
    if (timeoutSeconds < 0) {
      throw new IllegalArgumentException("timeout_seconds must not be negative");
    }
    Map<String, String> args = new LinkedHashMap<>();
    if (arguments != null) {
      arguments.forEach((k, v) -> args.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    }
    // The credential of the command that started the child, kept while it is awaited.
    String who = credential.get();
    long runId = runs.start(who, path, notebookPath, timeoutSeconds, args);
    return await(who, runId, path, timeoutSeconds);
  }

  /** Scala's {@code dbutils.notebook.run(path, timeout, Map("k" -> "v"))}. */
  public String run(
      String path, int timeoutSeconds, scala.collection.Map<String, String> arguments) {
    return run(
        path,
        timeoutSeconds,
        arguments == null ? null : scala.jdk.javaapi.CollectionConverters.asJava(arguments));
  }

  public String run(String path, int timeoutSeconds) {
    return run(path, timeoutSeconds, (Map<String, String>) null);
  }

  private String await(String who, long runId, String path, int timeoutSeconds) {
    long deadline =
        timeoutSeconds == 0
            ? Long.MAX_VALUE
            : System.nanoTime() + Duration.ofSeconds(timeoutSeconds).plus(grace).toNanos();
    long sleep = 20;
    ControlPlaneCall.Refused unreachable = null;
    long unreachableSince = 0;
    while (true) {
      try {
        NotebookRuns.RunState state = runs.state(who, runId);
        unreachable = null;
        if (state.ended()) {
          return outcome(runId, path, timeoutSeconds, state);
        }
      } catch (ControlPlaneCall.Refused e) {
        if (!e.transientFailure()) {
          throw new WorkflowException(e.errorCode() + ": " + e.getMessage());
        }
        if (unreachable == null) {
          unreachableSince = System.nanoTime();
        }
        unreachable = e;
        if (System.nanoTime() - unreachableSince > UNREACHABLE.toNanos()) {
          throw new WorkflowException(
              "Lost track of notebook run " + runId + " (" + path + "): " + e.getMessage());
        }
      }
      if (cancelled) {
        stop(who, runId);
        throw new WorkflowException("Notebook run " + runId + " (" + path + ") was cancelled");
      }
      if (System.nanoTime() - deadline > 0) {
        stop(who, runId);
        throw timedOut(runId, path, timeoutSeconds);
      }
      try {
        Thread.sleep(sleep);
      } catch (InterruptedException e) {
        stop(who, runId);
        Thread.currentThread().interrupt();
        throw new WorkflowException("Notebook run " + runId + " (" + path + ") was cancelled");
      }
      sleep = Math.min(MAX_POLL_MS, sleep * 2);
    }
  }

  private static String outcome(
      long runId, String path, int timeoutSeconds, NotebookRuns.RunState state) {
    String shown = state.path() == null ? path : state.path();
    return switch (state.resultState()) {
      case "SUCCESS", "SUCCESS_WITH_FAILURES" -> state.result() == null ? "" : state.result();
      case "TIMEDOUT" -> throw timedOut(runId, shown, timeoutSeconds);
      case "CANCELED" ->
          throw new WorkflowException("Notebook run " + runId + " (" + shown + ") was cancelled");
      default -> {
        String why = state.error() != null ? state.error() : state.message();
        throw new WorkflowException(
            "Notebook run "
                + runId
                + " ("
                + shown
                + ") failed"
                + (why == null || why.isEmpty() ? "" : ": " + why));
      }
    };
  }

  private static WorkflowException timedOut(long runId, String path, int timeoutSeconds) {
    return new WorkflowException(
        "Notebook run "
            + runId
            + " ("
            + path
            + ") timed out after "
            + timeoutSeconds
            + " seconds and was cancelled");
  }

  private void stop(String who, long runId) {
    try {
      runs.cancel(who, runId);
    } catch (RuntimeException e) {
      // the control plane also ends it by its own timeout; nothing more to do here
    }
  }

  /** The value passed to {@link #exit} during the current command, or null. */
  public String exitValue() {
    return exitValue;
  }

  /** The workspace path of the notebook this context runs (job tasks), or null. */
  public String notebookPath() {
    return notebookPath;
  }

  public void notebookPath(String path) {
    this.notebookPath = path == null || path.isBlank() ? null : path;
  }

  /** The current command is being cancelled: a child run it waits for is cancelled too. */
  public void cancelRunning() {
    cancelled = true;
  }

  /** Forgets the previous command's exit and cancel (called before each command). */
  public void reset() {
    exitValue = null;
    cancelled = false;
  }
}
