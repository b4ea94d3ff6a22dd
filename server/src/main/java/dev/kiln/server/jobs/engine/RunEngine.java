package dev.kiln.server.jobs.engine;

import dev.kiln.model.jobs.JobSettings;
import dev.kiln.model.jobs.QueueDetailsCodeCode;
import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.model.jobs.Task;
import dev.kiln.model.jobs.TerminationCodeCode;
import dev.kiln.server.jobs.runs.JobRunDao;
import dev.kiln.server.jobs.runs.JobRunRow;
import dev.kiln.server.jobs.runs.RunEnd;
import dev.kiln.server.jobs.runs.RunRecorder;
import dev.kiln.server.jobs.runs.RunRepairDao;
import dev.kiln.server.jobs.runs.StopReason;
import dev.kiln.server.jobs.runs.TaskPlanner;
import dev.kiln.server.jobs.runs.TaskRunDao;
import dev.kiln.server.jobs.runs.TaskRunRow;
import dev.kiln.server.jobs.settings.JobsJson;
import dev.kiln.server.jobs.settings.TaskGraph;
import dev.kiln.server.jobs.tasks.RunClusters;
import dev.kiln.server.jobs.tasks.TaskContext;
import dev.kiln.server.jobs.tasks.TaskExecutor;
import dev.kiln.server.reconcile.ReconcileLoop;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves every unfinished run on from what is stored, on the {@link ReconcileLoop} every reconciler
 * shares: each pass admits the queued runs that can move, then steps each started run, one at a
 * time on one thread: starts and skips tasks as their dependencies end, retries, times out, stops
 * what was cancelled, resumes task runs nobody runs (after a restart) and rolls the run's state up
 * when its tasks have ended. Task work itself runs on the {@link TaskExecutor}'s threads.
 */
public final class RunEngine implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RunEngine.class);

  private final JobRunDao runs;
  private final TaskRunDao taskRuns;
  private final RunRepairDao repairs;
  private final Jdbi jdbi;
  private final Clock clock;
  private final RunClusters clusters;
  private final ReconcileLoop<Long> loop;
  private TaskExecutor executor;
  private final Map<Long, Parsed> parsed = new ConcurrentHashMap<>();

  private record Parsed(JobSettings settings, TaskGraph graph, Map<String, Task> tasks) {}

  public RunEngine(Jdbi jdbi, Clock clock, Duration tick, RunClusters clusters) {
    this.jdbi = jdbi;
    this.runs = jdbi.onDemand(JobRunDao.class);
    this.taskRuns = jdbi.onDemand(TaskRunDao.class);
    this.repairs = jdbi.onDemand(RunRepairDao.class);
    this.clock = clock;
    this.clusters = clusters;
    // One step thread: runs move on one at a time, as they always have.
    this.loop =
        new ReconcileLoop<>(
            "run", tick, 1, this::startedAfterAdmitting, String::valueOf, this::step);
  }

  public void executor(TaskExecutor executor) {
    this.executor = executor;
  }

  public void start() {
    loop.start();
  }

  /**
   * Runs a pass soon: a run was recorded, a task ended, a cancel came. Wakes before that pass
   * begins share it: a burst of 1,000 run-nows makes one pass, not 1,000.
   */
  public void wake() {
    loop.wake();
  }

  /** The loop's listing: the queue moves first, so runs it starts are stepped in the same pass. */
  private List<Long> startedAfterAdmitting() {
    admit();
    return runs.started().stream().map(JobRunRow::runId).toList();
  }

  // ---- the queue

  /**
   * Stops the queued runs asked to stop and starts, queues or skips the others that can move.
   * Proportional to those: a job whose oldest queued run already waits and whose started runs are
   * at that run's limit can start none, so its waiting runs are not read (only its new ones).
   *
   * @return how many queued runs it read
   */
  int admit() {
    List<JobRunRow> stopping = runs.queuedStopping();
    for (JobRunRow r : stopping) {
      for (TaskRunRow t : taskRuns.ofRun(r.runId())) {
        finishTask(t, RunEnd.canceled());
      }
      finishRun(r, RunEnd.canceled());
    }
    Map<Long, Integer> active = runs.startedPerJob();
    Set<Long> full = new HashSet<>();
    for (JobRunRow head : runs.waitingHeads()) {
      if (active.getOrDefault(head.jobId(), 0) >= RunAdmission.limitOf(head)) {
        full.add(head.jobId());
      }
    }
    List<JobRunRow> queued = full.isEmpty() ? runs.queued() : runs.queuedExcept(full);
    long now = clock.millis();
    for (RunAdmission.Decision d : RunAdmission.decide(queued, active, full)) {
      JobRunRow r = d.run();
      switch (d.verdict()) {
        case START -> runs.update(copy(r, RunLifeCycleState.RUNNING, null, "", null, now, null));
        case WAIT -> {
          if (r.queueCode() == null) {
            String reason = "Queued due to reaching maximum concurrent runs of " + d.limit() + ".";
            runs.update(r.queued(QueueDetailsCodeCode.MAX_CONCURRENT_RUNS_REACHED, reason));
          }
        }
        case SKIP -> {
          RunEnd skipped =
              new RunEnd(
                  RunLifeCycleState.SKIPPED,
                  RunResultState.MAXIMUM_CONCURRENT_RUNS_REACHED,
                  "Skipping this run because the limit of "
                      + d.limit()
                      + " maximum concurrent runs has been reached.",
                  TerminationCodeCode.MAX_CONCURRENT_RUNS_EXCEEDED,
                  false);
          for (TaskRunRow t : taskRuns.ofRun(r.runId())) {
            finishTask(t, skipped);
          }
          finishRun(r, skipped);
        }
      }
    }
    return stopping.size() + queued.size();
  }

  // ---- one run

  /** One step of a started run, from its row as it is now. */
  private void step(long runId) {
    runs.byId(runId).filter(r -> r.lifeCycleState().isActive()).ifPresent(this::step);
  }

  private void step(JobRunRow run) {
    Parsed p = parse(run);
    List<TaskRunRow> rows = taskRuns.ofRun(run.runId());
    long now = clock.millis();
    if (run.cancelRequested() != null) {
      boolean open = false;
      for (TaskRunRow t : rows) {
        if (!t.isTerminal()) {
          open = true;
          stopTask(t, p.tasks().get(t.taskKey()), run.cancelRequested());
        }
      }
      if (!open) {
        long timeout = timeoutOf(p.settings());
        finishRun(
            run,
            RunStateRollup.rollup(
                p.graph(), TaskPlanner.last(rows), run.cancelRequested(), timeout));
      }
      return;
    }
    long timeout = timeoutOf(p.settings());
    if (timeout > 0 && run.startTime() != null && now >= run.startTime() + timeout * 1000) {
      runs.requestStop(run.runId(), StopReason.TIMEOUT);
      wake();
      return;
    }
    for (TaskRunRow t : rows) {
      if (t.isTerminal()) {
        continue;
      }
      Task task = p.tasks().get(t.taskKey());
      if (t.cancelRequested() != null) {
        stopTask(t, task, t.cancelRequested());
        continue;
      }
      long taskTimeout = task.timeoutSeconds() == null ? 0 : task.timeoutSeconds();
      if (taskTimeout > 0 && t.startTime() != null && now >= t.startTime() + taskTimeout * 1000) {
        stopTask(t, task, StopReason.TIMEOUT);
        continue;
      }
      if (t.startTime() != null && !executor.isRunning(t.runId())) {
        // Read again after seeing it not running: a runner records its end before it lets go.
        TaskRunRow now2 = taskRuns.byId(t.runId()).orElse(t);
        if (!now2.isTerminal() && !executor.isRunning(t.runId())) {
          LOG.info("Resuming task run {} ({}) of run {}", t.runId(), t.taskKey(), run.runId());
          executor.launch(context(run, now2, task, p, rows, true));
        }
      }
    }
    if (retry(run, p, rows, now)) {
      rows = taskRuns.ofRun(run.runId());
    }
    for (TaskPlanner.Action a : TaskPlanner.plan(p.graph(), rows, now)) {
      TaskRunRow t = a.row();
      if (!a.starts()) {
        finishTask(t, RunEnd.skipped(a.skippedAs()));
      } else if (taskRuns.start(t.runId(), RunLifeCycleState.PENDING, now)) {
        TaskRunRow started = taskRuns.byId(t.runId()).orElseThrow();
        executor.launch(context(run, started, p.tasks().get(t.taskKey()), p, rows, false));
      }
    }
    rows = taskRuns.ofRun(run.runId());
    Map<String, TaskRunRow> last = TaskPlanner.last(rows);
    boolean allEnded = last.values().stream().allMatch(TaskRunRow::isTerminal);
    if (allEnded && !retryPending(p, last)) {
      finishRun(run, RunStateRollup.rollup(p.graph(), last, null, timeout));
    }
  }

  /** Adds the next attempt of tasks whose last attempt failed and may be retried. */
  private boolean retry(JobRunRow run, Parsed p, List<TaskRunRow> rows, long now) {
    boolean added = false;
    for (TaskRunRow last : TaskPlanner.last(rows).values()) {
      if (!last.isTerminal()) {
        continue;
      }
      Task task = p.tasks().get(last.taskKey());
      OptionalLong at = RetryPolicy.nextAttemptAt(task, last);
      if (at.isPresent()) {
        jdbi.useTransaction(
            h ->
                RunRecorder.insertTaskRun(
                    h,
                    run.runId(),
                    last.taskKey(),
                    last.repairId(),
                    last.attemptNumber() + 1,
                    RunLifeCycleState.WAITING_FOR_RETRY,
                    now,
                    at.getAsLong()));
        added = true;
      }
    }
    return added;
  }

  private static boolean retryPending(Parsed p, Map<String, TaskRunRow> last) {
    return last.values().stream()
        .anyMatch(r -> RetryPolicy.nextAttemptAt(p.tasks().get(r.taskKey()), r).isPresent());
  }

  private void stopTask(TaskRunRow t, Task task, StopReason reason) {
    if (executor.isRunning(t.runId())) {
      executor.stop(t.runId(), reason);
      return;
    }
    long timeout = task == null || task.timeoutSeconds() == null ? 0 : task.timeoutSeconds();
    finishTask(t, reason == StopReason.TIMEOUT ? RunEnd.timedOut(timeout) : RunEnd.canceled());
  }

  private void finishTask(TaskRunRow t, RunEnd end) {
    taskRuns.finish(
        t.runId(),
        end.lifeCycleState(),
        end.resultState(),
        end.stateMessage(),
        end.userCancelledOrTimedOut(),
        end.code(),
        clock.millis(),
        null,
        null,
        null);
  }

  private void finishRun(JobRunRow run, RunEnd end) {
    long now = clock.millis();
    JobRunRow ended =
        copy(
                run,
                end.lifeCycleState(),
                end.resultState(),
                end.stateMessage(),
                end.code(),
                run.startTime() == null ? now : run.startTime(),
                now)
            .withUserCancelled(end.userCancelledOrTimedOut());
    if (!runs.update(ended)) {
      return; // changed meanwhile (a cancel came): the next pass decides again
    }
    if (run.repairId() != 0) {
      repairs.finish(
          run.repairId(),
          now,
          end.lifeCycleState(),
          end.resultState(),
          end.stateMessage(),
          end.code());
    }
    parsed.remove(run.runId());
    clusters.release(run.runId());
    LOG.info("Run {} ended {} {}", run.runId(), end.lifeCycleState(), end.resultState());
  }

  private TaskContext context(
      JobRunRow run, TaskRunRow t, Task task, Parsed p, List<TaskRunRow> rows, boolean resumed) {
    Map<String, Map<String, Object>> upstream = new HashMap<>();
    for (TaskRunRow r : TaskPlanner.last(rows).values()) {
      if (r.taskValues() != null) {
        @SuppressWarnings("unchecked")
        Map<String, Object> values = JobsJson.read(r.taskValues(), Map.class);
        upstream.put(r.taskKey(), values);
      }
    }
    return new TaskContext(run, t, task, p.settings(), upstream, taskRuns, clock, resumed);
  }

  private Parsed parse(JobRunRow run) {
    return parsed.computeIfAbsent(
        run.runId(),
        id -> {
          JobSettings s = JobsJson.read(run.settings(), JobSettings.class);
          Map<String, Task> tasks = new HashMap<>();
          s.tasksOrEmpty().forEach(t -> tasks.put(t.taskKey(), t));
          return new Parsed(s, TaskGraph.of(s.tasksOrEmpty()), tasks);
        });
  }

  private static long timeoutOf(JobSettings s) {
    return s.timeoutSeconds() == null ? 0 : s.timeoutSeconds();
  }

  private static JobRunRow copy(
      JobRunRow r,
      RunLifeCycleState life,
      RunResultState result,
      String message,
      TerminationCodeCode code,
      Long start,
      Long end) {
    return r.withState(
        life, result, message, r.userCancelled(), code, r.queueCode(), r.queueReason(), start, end);
  }

  @Override
  public void close() {
    loop.close();
    if (executor != null) {
      executor.close();
    }
  }
}
