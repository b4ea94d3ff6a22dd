package dev.kiln.server.jobs.runs;

import dev.kiln.model.jobs.ConditionTask;
import dev.kiln.model.jobs.ConditionTaskOp;
import dev.kiln.model.jobs.RunIf;
import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.model.jobs.Task;
import dev.kiln.model.jobs.TaskDependency;
import dev.kiln.model.jobs.TerminationCodeCode;
import java.util.Arrays;

/** Tasks and task runs for the engine's pure tests. */
public final class TaskRows {
  private TaskRows() {}

  public static Task task(String key, String... dependsOn) {
    return task(key, RunIf.ALL_SUCCESS, dependsOn);
  }

  public static Task task(String key, RunIf runIf, String... dependsOn) {
    return new Task(
        key,
        null,
        Arrays.stream(dependsOn).map(d -> new TaskDependency(d, null)).toList(),
        runIf,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        new ConditionTask(ConditionTaskOp.EQUAL_TO, "1", "1"),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static Task retried(String key, int maxRetries, long intervalMillis, boolean onTimeout) {
    Task t = task(key);
    return new Task(
        t.taskKey(),
        null,
        t.dependsOn(),
        t.runIf(),
        null,
        null,
        null,
        null,
        null,
        maxRetries,
        intervalMillis,
        onTimeout,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        t.conditionTask(),
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static TaskRunRow pending(long id, String key) {
    return row(id, key, 0, RunLifeCycleState.PENDING, null, null, 0);
  }

  public static TaskRunRow running(long id, String key) {
    return row(id, key, 0, RunLifeCycleState.RUNNING, null, 1000L, 0);
  }

  public static TaskRunRow ended(long id, String key, RunResultState result) {
    RunLifeCycleState life =
        switch (result) {
          case UPSTREAM_FAILED, UPSTREAM_CANCELED, EXCLUDED, DISABLED -> RunLifeCycleState.SKIPPED;
          default -> RunLifeCycleState.TERMINATED;
        };
    return row(id, key, 0, life, result, 1000L, 0);
  }

  public static TaskRunRow broken(long id, String key, String message) {
    return new TaskRunRow(
        id,
        1,
        key,
        0,
        0,
        RunLifeCycleState.INTERNAL_ERROR,
        RunResultState.FAILED,
        message,
        false,
        TerminationCodeCode.CLUSTER_ERROR,
        0,
        0,
        1000L,
        null,
        2000L,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0);
  }

  public static TaskRunRow row(
      long id,
      String key,
      int attempt,
      RunLifeCycleState life,
      RunResultState result,
      Long start,
      long notBefore) {
    boolean ended = life.isTerminal();
    String message = result == RunResultState.FAILED ? RunEnd.WORKLOAD_FAILED : "";
    return new TaskRunRow(
        id,
        1,
        key,
        0,
        attempt,
        life,
        result,
        message,
        result == RunResultState.TIMEDOUT || result == RunResultState.CANCELED,
        null,
        0,
        notBefore,
        start,
        null,
        ended ? 2000L : null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        0);
  }
}
