package dev.kiln.server.jobs.tasks;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.jobs.JobParameter;
import dev.kiln.model.jobs.JobSettings;
import dev.kiln.model.jobs.RunParameters;
import dev.kiln.model.jobs.Task;
import dev.kiln.server.api.Principal;
import dev.kiln.server.auth.CommandCredentials;
import dev.kiln.server.jobs.runs.JobRunRow;
import dev.kiln.server.jobs.runs.StopReason;
import dev.kiln.server.jobs.runs.TaskRunDao;
import dev.kiln.server.jobs.runs.TaskRunRow;
import dev.kiln.server.jobs.settings.JobsJson;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * What a runner works with: its task run and task, the run's parameters and upstream task values,
 * where it stored its progress, and the stop signal. Progress is written to the store at once, so a
 * restart finds it.
 */
public final class TaskContext {
  /** What a task's command credential lives past the task's timeout, for its cancel to land. */
  static final Duration CREDENTIAL_GRACE = Duration.ofMinutes(10);

  private final JobRunRow run;
  private final TaskRunRow row;
  private final Task task;
  private final JobSettings settings;
  private final Map<String, Map<String, Object>> upstreamValues;
  private final TaskRunDao store;
  private final Clock clock;
  private final boolean resumed;
  private final List<Runnable> stopHooks = new CopyOnWriteArrayList<>();
  private volatile StopReason stop;
  private ObjectNode progress;

  public TaskContext(
      JobRunRow run,
      TaskRunRow row,
      Task task,
      JobSettings settings,
      Map<String, Map<String, Object>> upstreamValues,
      TaskRunDao store,
      Clock clock,
      boolean resumed) {
    this.run = run;
    this.row = row;
    this.task = task;
    this.settings = settings;
    this.upstreamValues = upstreamValues;
    this.store = store;
    this.clock = clock;
    this.resumed = resumed;
    this.progress =
        row.progress() == null ? JobsJson.MAPPER.createObjectNode() : JobsJson.tree(row.progress());
  }

  JobRunRow run() {
    return run;
  }

  TaskRunRow row() {
    return row;
  }

  Task task() {
    return task;
  }

  JobSettings settings() {
    return settings;
  }

  Clock clock() {
    return clock;
  }

  /** The run's creator, who the cluster work is done for. */
  Principal principal() {
    return new Principal(0, run.creatorUserName(), false);
  }

  /**
   * How long the credential of the task's commands lives: the task's (or else the run's) timeout
   * and a little more for its cancel to land; without a timeout, the interactive default.
   */
  Duration credentialLifetime() {
    long seconds = Long.MAX_VALUE;
    if (task != null && task.timeoutSeconds() != null && task.timeoutSeconds() > 0) {
      seconds = task.timeoutSeconds();
    }
    if (settings != null && settings.timeoutSeconds() != null && settings.timeoutSeconds() > 0) {
      seconds = Math.min(seconds, settings.timeoutSeconds());
    }
    return seconds == Long.MAX_VALUE
        ? CommandCredentials.DEFAULT_LIFETIME
        : Duration.ofSeconds(seconds).plus(CREDENTIAL_GRACE);
  }

  boolean resumed() {
    return resumed;
  }

  /** The runner's stored progress (empty object at first); change it, then {@link #save()}. */
  ObjectNode progress() {
    return progress;
  }

  void save() {
    store.progress(row.runId(), JobsJson.write(progress));
  }

  /** The task's work began (after its cluster was ready): RUNNING from now. */
  void markRunning() {
    store.running(row.runId(), clock.millis());
  }

  void cluster(String clusterId, Long sparkContextId) {
    store.cluster(row.runId(), clusterId, sparkContextId);
  }

  Map<String, Map<String, Object>> upstreamValues() {
    return upstreamValues;
  }

  /** The run's job parameters by name (their values). */
  Map<String, String> jobParameters() {
    Map<String, String> params = new LinkedHashMap<>();
    if (run.jobParameters() != null) {
      for (JobParameter p : JobsJson.read(run.jobParameters(), JobParameter[].class)) {
        params.put(p.name(), p.value());
      }
    }
    return params;
  }

  RunParameters overriding() {
    return JobsJson.read(run.overridingParameters(), RunParameters.class);
  }

  String resolve(String text) {
    return ParameterRefs.resolve(
        text,
        new ParameterRefs.Scope(
            run.jobId(), run.runId(), row.runId(), row.taskKey(), jobParameters(), upstreamValues));
  }

  // ---- stopping

  void stop(StopReason reason) {
    if (stop == null) {
      stop = reason;
      stopHooks.forEach(Runnable::run);
    }
  }

  StopReason stopReason() {
    return stop;
  }

  /** Throws {@link TaskStopped} when the task run was asked to stop. */
  void checkStop() {
    StopReason s = stop;
    if (s != null) {
      throw new TaskStopped(s);
    }
  }

  /** Runs {@code hook} when a stop comes (e.g. cancel the command on the cluster). */
  void onStop(Runnable hook) {
    stopHooks.add(hook);
    if (stop != null) {
      hook.run();
    }
  }

  void clearStopHooks() {
    stopHooks.clear();
  }

  /** Waits a little, waking early on a stop. */
  void pause(long millis) throws InterruptedException {
    long until = System.nanoTime() + millis * 1_000_000;
    while (stop == null && System.nanoTime() < until) {
      Thread.sleep(Math.min(20, Math.max(1, (until - System.nanoTime()) / 1_000_000)));
    }
    checkStop();
  }
}
