package dev.kiln.driver.exec;

import dev.kiln.driver.dbutils.DbUtils;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One context: an interpreter and one worker thread that runs its commands in order. Keeps the last
 * {@link #KEPT} finished commands, and of their results at most {@link #KEPT_CHARS} (always the
 * last one's): each result is bounded ({@link OutputLimits}), so their sum is too.
 */
final class ExecutionContext {
  private static final Logger log = LoggerFactory.getLogger(ExecutionContext.class);
  static final int KEPT = 100;
  static final long KEPT_CHARS = 64L << 20;

  final String id;
  final String language;
  final DbUtils dbutils;
  final Redactor redactor;

  /**
   * The credential of the command running (or last run) here, which the context's dbutils sends:
   * the control plane minted it for that command's user and this context.
   */
  final AtomicReference<String> credential;

  private final ExecutorService worker;
  private final Map<String, Run> commands = new HashMap<>();
  private final Deque<String> finished = new ArrayDeque<>();
  private long keptChars;
  private ContextStatus status = ContextStatus.Pending;
  private String error;
  private Interpreter interpreter;
  private boolean closed;

  ExecutionContext(
      String id,
      String language,
      DbUtils dbutils,
      Redactor redactor,
      AtomicReference<String> credential,
      ExecutorService worker) {
    this.id = id;
    this.language = language;
    this.dbutils = dbutils;
    this.redactor = redactor;
    this.credential = credential;
    this.worker = worker;
  }

  /** One command's mutable state, guarded by the context's lock. */
  static final class Run {
    final String id;
    final String jobGroup;
    final String credential;
    CommandStatus status = CommandStatus.Queued;
    Map<String, Object> results;
    String notebookExit;
    long size;
    Future<?> future;

    Run(String id, String jobGroup, String credential) {
      this.id = id;
      this.jobGroup = jobGroup;
      this.credential = credential == null ? "" : credential;
    }
  }

  synchronized ContextInfo info() {
    return new ContextInfo(id, language, status, error);
  }

  synchronized boolean started(Interpreter started) {
    if (closed) {
      return false;
    }
    interpreter = started;
    status = ContextStatus.Running;
    return true;
  }

  synchronized void failed(String why) {
    status = ContextStatus.Error;
    error = why;
  }

  synchronized ContextStatus status() {
    return status;
  }

  synchronized Interpreter interpreter() {
    return interpreter;
  }

  /** Registers a command and queues it on the worker thread. */
  synchronized void submit(Run run, Runnable work) {
    commands.put(run.id, run);
    run.future = worker.submit(work);
  }

  synchronized Run run(String commandId) {
    return commands.get(commandId);
  }

  synchronized Command snapshot(String commandId) {
    Run r = commands.get(commandId);
    return r == null ? null : new Command(r.id, r.status, r.results, r.notebookExit);
  }

  /** Moves a queued command to Running; false if it was cancelled meanwhile. */
  synchronized boolean begin(Run run) {
    if (run.status != CommandStatus.Queued) {
      return false;
    }
    run.status = CommandStatus.Running;
    return true;
  }

  /** Records the end of a command, trimming the oldest finished ones past {@link #KEPT}. */
  synchronized void finish(
      Run run, CommandStatus end, Map<String, Object> results, String notebookExit) {
    run.status = run.status == CommandStatus.Cancelling ? CommandStatus.Cancelled : end;
    run.results = results;
    run.notebookExit = notebookExit;
    run.size = OutputLimits.size(results) + OutputLimits.size(notebookExit);
    keptChars += run.size;
    finished.addLast(run.id);
    while (finished.size() > KEPT || (keptChars > KEPT_CHARS && finished.size() > 1)) {
      Run dropped = commands.remove(finished.removeFirst());
      if (dropped != null) {
        keptChars -= dropped.size;
      }
    }
  }

  /**
   * Cancels a command: a queued one ends at once, a running one goes Cancelling and its Spark jobs
   * and interpreter work are stopped. Returns false when it was already done.
   */
  boolean cancel(Run run, SparkContext sc) {
    Interpreter running;
    synchronized (this) {
      if (run.status == CommandStatus.Queued) {
        run.status = CommandStatus.Cancelled;
        run.future.cancel(false);
        finished.addLast(run.id);
        return true;
      }
      if (run.status != CommandStatus.Running) {
        return run.status == CommandStatus.Cancelling;
      }
      run.status = CommandStatus.Cancelling;
      running = interpreter;
    }
    dbutils.notebook().cancelRunning();
    if (sc != null) {
      sc.cancelJobGroup(run.jobGroup);
    }
    if (running != null) {
      running.cancel();
    }
    return true;
  }

  /** Stops the worker and closes the interpreter; queued commands are dropped. */
  void close(SparkContext sc) {
    Interpreter toClose;
    Run[] running;
    synchronized (this) {
      closed = true;
      toClose = interpreter;
      interpreter = null;
      running =
          commands.values().stream()
              .filter(r -> r.status == CommandStatus.Running)
              .toArray(Run[]::new);
    }
    for (Run r : running) {
      cancel(r, sc);
    }
    worker.shutdownNow();
    if (toClose != null) {
      try {
        toClose.close();
      } catch (RuntimeException e) {
        log.warn("Closing the interpreter of context {} failed", id, e);
      }
    }
  }
}
