package dev.kiln.server.jobs.tasks;

import dev.kiln.model.jobs.TerminationCodeCode;
import dev.kiln.server.jobs.runs.RunEnd;
import dev.kiln.server.jobs.runs.StopReason;
import dev.kiln.server.jobs.runs.TaskOutput;
import dev.kiln.server.jobs.runs.TaskRunDao;
import dev.kiln.server.jobs.settings.JobsJson;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs task attempts on threads of their own and writes how each ended, once. Knows which task runs
 * this process is running, so the engine can tell one to stop and can resume, after a restart,
 * those nobody runs.
 */
public final class TaskExecutor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TaskExecutor.class);

  private final TaskRunDao store;
  private final Function<TaskContext, TaskRunner> runners;
  private final java.time.Clock clock;
  private final Runnable onEnd;
  private final Map<Long, TaskContext> running = new ConcurrentHashMap<>();
  private volatile boolean closing;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "kiln-task-run");
            t.setDaemon(true);
            return t;
          });

  public TaskExecutor(
      TaskRunDao store,
      Function<TaskContext, TaskRunner> runners,
      java.time.Clock clock,
      Runnable onEnd) {
    this.store = store;
    this.runners = runners;
    this.clock = clock;
    this.onEnd = onEnd;
  }

  public boolean isRunning(long taskRunId) {
    return running.containsKey(taskRunId);
  }

  /** Starts (or, after a restart, resumes) an attempt; a no-op when it already runs here. */
  public void launch(TaskContext ctx) {
    long id = ctx.row().runId();
    if (running.putIfAbsent(id, ctx) != null) {
      return;
    }
    try {
      threads.execute(() -> execute(ctx));
    } catch (RuntimeException e) {
      running.remove(id);
      throw e;
    }
  }

  public void stop(long taskRunId, StopReason reason) {
    TaskContext ctx = running.get(taskRunId);
    if (ctx != null) {
      ctx.stop(reason);
    }
  }

  private void execute(TaskContext ctx) {
    long id = ctx.row().runId();
    TaskResult result;
    try {
      result = runners.apply(ctx).run(ctx);
    } catch (TaskStopped e) {
      result = stopped(ctx, e.reason(), TaskOutput.none());
    } catch (InterruptedException e) {
      result =
          ctx.stopReason() != null
              ? stopped(ctx, ctx.stopReason(), TaskOutput.none())
              : TaskResult.internalError(
                  TerminationCodeCode.INTERNAL_ERROR, "The task was interrupted: Kiln is stopping");
    } catch (Exception | LinkageError e) {
      LOG.warn("Task run {} ({}) failed unexpectedly", id, ctx.row().taskKey(), e);
      result =
          TaskResult.internalError(
              TerminationCodeCode.INTERNAL_ERROR, "Kiln could not run the task: " + e);
    }
    if (closing) {
      // Stopping the control plane: leave the task run as stored, for the next start to resume.
      running.remove(id);
      return;
    }
    if (ctx.stopReason() != null && !result.end().lifeCycleState().isTerminal()) {
      result = stopped(ctx, ctx.stopReason(), result.output());
    }
    try {
      RunEnd end = result.end();
      store.finish(
          id,
          end.lifeCycleState(),
          end.resultState(),
          end.stateMessage(),
          end.userCancelledOrTimedOut(),
          end.code(),
          clock.millis(),
          result.outcome(),
          result.taskValues() == null || result.taskValues().isEmpty()
              ? null
              : JobsJson.write(result.taskValues()),
          JobsJson.write(result.output() == null ? TaskOutput.none() : result.output()));
    } catch (RuntimeException e) {
      LOG.warn("Could not record the end of task run {}; the engine will retry", id, e);
    } finally {
      running.remove(id);
      onEnd.run();
    }
  }

  static TaskResult stopped(TaskContext ctx, StopReason reason, TaskOutput output) {
    long timeout = ctx.task().timeoutSeconds() == null ? 0 : ctx.task().timeoutSeconds();
    RunEnd end = reason == StopReason.TIMEOUT ? RunEnd.timedOut(timeout) : RunEnd.canceled();
    return TaskResult.of(end, output == null ? TaskOutput.none() : output);
  }

  @Override
  public void close() {
    closing = true;
    threads.shutdownNow();
  }
}
