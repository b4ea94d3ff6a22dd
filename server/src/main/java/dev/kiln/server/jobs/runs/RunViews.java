package dev.kiln.server.jobs.runs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.model.jobs.ClusterInstance;
import dev.kiln.model.jobs.JobParameter;
import dev.kiln.model.jobs.JobSettings;
import dev.kiln.model.jobs.QueueDetails;
import dev.kiln.model.jobs.QueueDetailsCodeCode;
import dev.kiln.model.jobs.RepairHistoryItem;
import dev.kiln.model.jobs.RepairHistoryItemType;
import dev.kiln.model.jobs.Run;
import dev.kiln.model.jobs.RunJobOutput;
import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunLifecycleStateV2State;
import dev.kiln.model.jobs.RunParameters;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.model.jobs.RunState;
import dev.kiln.model.jobs.RunStatus;
import dev.kiln.model.jobs.RunTask;
import dev.kiln.model.jobs.Task;
import dev.kiln.model.jobs.TerminationCodeCode;
import dev.kiln.model.jobs.TerminationDetails;
import dev.kiln.server.jobs.settings.JobsJson;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Stored runs as the API shows them: states, v2 status, durations, URLs, tasks, history. */
public final class RunViews {
  private final Clock clock;
  private final Supplier<String> serverUrl;

  public RunViews(Clock clock, Supplier<String> serverUrl) {
    this.clock = clock;
    this.serverUrl = serverUrl;
  }

  /** The tasks a run shows: the attempts of the latest repair of each task, in task order. */
  static List<TaskRunRow> shown(JobSettings settings, List<TaskRunRow> rows) {
    Map<String, Long> latestRepair = new HashMap<>();
    rows.forEach(r -> latestRepair.merge(r.taskKey(), r.repairId(), Math::max));
    Map<String, Integer> order = new HashMap<>();
    List<Task> tasks = settings.tasksOrEmpty();
    for (int i = 0; i < tasks.size(); i++) {
      order.put(tasks.get(i).taskKey(), i);
    }
    return rows.stream()
        .filter(r -> r.repairId() == latestRepair.get(r.taskKey()))
        .sorted(
            Comparator.comparing((TaskRunRow r) -> order.getOrDefault(r.taskKey(), 0))
                .thenComparing(TaskRunRow::runId))
        .toList();
  }

  Run run(
      JobRunRow row,
      List<TaskRunRow> taskRows,
      List<RunRepairRow> repairs,
      boolean includeHistory,
      boolean withTasks) {
    JobSettings settings = JobsJson.read(row.settings(), JobSettings.class);
    Map<String, Task> byKey = new HashMap<>();
    settings.tasksOrEmpty().forEach(t -> byKey.put(t.taskKey(), t));
    long now = clock.millis();
    List<RunTask> tasks = null;
    if (withTasks) {
      tasks = new ArrayList<>();
      for (TaskRunRow t : shown(settings, taskRows)) {
        tasks.add(task(row, t, byKey.get(t.taskKey())));
      }
    }
    long start = row.createdTime();
    long end = row.endTime() == null ? 0 : row.endTime();
    Long queueDuration =
        row.startTime() != null
            ? row.startTime() - row.createdTime()
            : row.lifeCycleState() == RunLifeCycleState.QUEUED ? now - row.createdTime() : 0L;
    JsonNode snapshot = JobsJson.tree(row.settings());
    return new Run(
        row.jobId(),
        row.runId(),
        row.runId(),
        row.runId(),
        0,
        row.runName(),
        row.runType(),
        url(row.jobId(), row.runId()),
        row.creatorUserName(),
        state(row),
        status(row),
        start,
        end,
        0L,
        0L,
        0L,
        end == 0 ? 0L : end - start,
        queueDuration,
        row.triggerType(),
        row.triggerRunId() == null ? null : new RunJobOutput(row.triggerRunId()),
        tasks,
        settings.jobClusters(),
        row.jobParameters() == null
            ? null
            : Arrays.asList(JobsJson.read(row.jobParameters(), JobParameter[].class)),
        JobsJson.read(row.overridingParameters(), RunParameters.class),
        null,
        null,
        row.triggerType() == dev.kiln.model.jobs.TriggerType.PERIODIC ? settings.schedule() : null,
        snapshot.get("git_source"),
        includeHistory ? history(row, repairs) : null,
        settings.description(),
        null,
        null,
        null);
  }

  /** A task run shown on its own (runs/get of a task run id, get-output metadata). */
  Run taskAsRun(JobRunRow parent, TaskRunRow t, Task task) {
    RunTask rt = task(parent, t, task);
    return new Run(
        parent.jobId(),
        t.runId(),
        t.runId(),
        t.runId(),
        t.attemptNumber(),
        t.taskKey(),
        parent.runType(),
        rt.runPageUrl(),
        parent.creatorUserName(),
        rt.state(),
        rt.status(),
        rt.startTime(),
        rt.endTime(),
        rt.setupDuration(),
        rt.executionDuration(),
        rt.cleanupDuration(),
        rt.runDuration(),
        rt.queueDuration(),
        parent.triggerType(),
        null,
        List.of(rt),
        null,
        null,
        JobsJson.read(parent.overridingParameters(), RunParameters.class),
        null,
        rt.clusterInstance(),
        null,
        null,
        null,
        task == null ? null : task.description(),
        parent.runId(),
        null,
        null);
  }

  RunTask task(JobRunRow parent, TaskRunRow t, Task task) {
    long now = clock.millis();
    long start = t.startTime() == null ? 0 : t.startTime();
    long end = t.endTime() == null ? 0 : t.endTime();
    Long exec = t.execStartTime();
    long setup = start == 0 ? 0 : (exec != null ? exec : end != 0 ? end : now) - start;
    long execution = exec == null ? 0 : (end != 0 ? end : now) - exec;
    ClusterInstance instance =
        t.clusterId() == null
            ? null
            : new ClusterInstance(
                t.clusterId(), t.sparkContextId() == null ? null : t.sparkContextId().toString());
    return new RunTask(
        t.runId(),
        t.attemptNumber(),
        state(t.lifeCycleState(), t.resultState(), t.stateMessage(), t.userCancelled(), null),
        status(
            t.lifeCycleState(), t.resultState(), t.stateMessage(), t.terminationCode(), null, null),
        start,
        end,
        Math.max(0, setup),
        Math.max(0, execution),
        0L,
        end == 0 || start == 0 ? 0L : end - start,
        0L,
        instance,
        url(parent.jobId(), t.runId()),
        task);
  }

  private List<RepairHistoryItem> history(JobRunRow row, List<RunRepairRow> repairs) {
    List<RepairHistoryItem> items = new ArrayList<>();
    if (repairs.isEmpty()) {
      items.add(
          new RepairHistoryItem(
              RepairHistoryItemType.ORIGINAL,
              row.runId(),
              row.createdTime(),
              row.endTime() == null ? 0 : row.endTime(),
              state(row),
              status(row),
              List.of()));
      return items;
    }
    for (RunRepairRow r : repairs) {
      items.add(
          new RepairHistoryItem(
              r.repairType(),
              r.repairId(),
              r.startTime(),
              r.endTime() == null ? 0 : r.endTime(),
              state(r.lifeCycleState(), r.resultState(), r.stateMessage(), false, null),
              status(
                  r.lifeCycleState(),
                  r.resultState(),
                  r.stateMessage(),
                  r.terminationCode(),
                  null,
                  null),
              Arrays.asList(JobsJson.read(r.taskRunIds(), Long[].class))));
    }
    return items;
  }

  String url(Long jobId, long runId) {
    return serverUrl.get() + "/#job/" + (jobId == null ? "runs" : jobId) + "/run/" + runId;
  }

  /** A run's state as its row stores it. */
  static RunState state(JobRunRow row) {
    return state(
        row.lifeCycleState(),
        row.resultState(),
        row.stateMessage(),
        row.userCancelled(),
        row.queueReason());
  }

  /** A run's status as its row stores it. */
  static RunStatus status(JobRunRow row) {
    return status(
        row.lifeCycleState(),
        row.resultState(),
        row.stateMessage(),
        row.terminationCode(),
        row.queueCode(),
        row.queueReason());
  }

  static RunState state(
      RunLifeCycleState life,
      RunResultState result,
      String message,
      boolean userCancelled,
      String queueReason) {
    return new RunState(
        life,
        life.isTerminal() ? result : null,
        message == null ? "" : message,
        userCancelled,
        life == RunLifeCycleState.QUEUED ? queueReason : null);
  }

  static RunStatus status(
      RunLifeCycleState life,
      RunResultState result,
      String message,
      TerminationCodeCode code,
      QueueDetailsCodeCode queueCode,
      String queueReason) {
    RunLifecycleStateV2State v2 =
        switch (life) {
          case QUEUED -> RunLifecycleStateV2State.QUEUED;
          case PENDING -> RunLifecycleStateV2State.PENDING;
          case RUNNING -> RunLifecycleStateV2State.RUNNING;
          case TERMINATING -> RunLifecycleStateV2State.TERMINATING;
          case BLOCKED -> RunLifecycleStateV2State.BLOCKED;
          case WAITING_FOR_RETRY -> RunLifecycleStateV2State.WAITING;
          case TERMINATED, SKIPPED, INTERNAL_ERROR -> RunLifecycleStateV2State.TERMINATED;
        };
    TerminationDetails details = null;
    if (life.isTerminal()) {
      TerminationCodeCode c = code != null ? code : TerminationCodeCode.SUCCESS;
      details = new TerminationDetails(c, c.type(), message == null ? "" : message);
    }
    QueueDetails queue =
        life == RunLifeCycleState.QUEUED && queueCode != null
            ? new QueueDetails(queueCode, queueReason)
            : null;
    return new RunStatus(v2, details, queue);
  }
}
