package dev.kiln.it;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.jobs.ConditionTask;
import com.databricks.sdk.service.jobs.ConditionTaskOp;
import com.databricks.sdk.service.jobs.GetRunRequest;
import com.databricks.sdk.service.jobs.Run;
import com.databricks.sdk.service.jobs.RunJobTask;
import com.databricks.sdk.service.jobs.RunLifeCycleState;
import com.databricks.sdk.service.jobs.RunTask;
import com.databricks.sdk.service.jobs.Task;
import com.databricks.sdk.service.jobs.TaskDependency;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;

/** Shared steps of the jobs tests: small tasks, and waiting for runs. */
final class JobsCalls {
  private JobsCalls() {}

  /** A condition task comparing two values (no cluster). */
  static Task condition(String key, String left, ConditionTaskOp op, String right) {
    return new Task()
        .setTaskKey(key)
        .setConditionTask(new ConditionTask().setLeft(left).setOp(op).setRight(right));
  }

  /** A task that succeeds at once without a cluster. */
  static Task ok(String key) {
    return condition(key, "1", ConditionTaskOp.EQUAL_TO, "1");
  }

  /** A run-job task: waits for a run of {@code jobId}, or fails when that job is gone. */
  static Task runJob(String key, long jobId) {
    return new Task().setTaskKey(key).setRunJobTask(new RunJobTask().setJobId(jobId));
  }

  static Task after(Task task, String... upstream) {
    return task.setDependsOn(
        Arrays.stream(upstream).map(k -> new TaskDependency().setTaskKey(k)).toList());
  }

  static TaskDependency dep(String key, String outcome) {
    return new TaskDependency().setTaskKey(key).setOutcome(outcome);
  }

  /** Waits until the run has ended (TERMINATED, SKIPPED or INTERNAL_ERROR). */
  static Run awaitEnd(WorkspaceClient w, long runId, Duration timeout) {
    return Awaitility.await("run " + runId + " to end")
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> w.jobs().getRun(new GetRunRequest().setRunId(runId)),
            r -> isTerminal(r.getState().getLifeCycleState()));
  }

  static Run awaitState(WorkspaceClient w, long runId, RunLifeCycleState state, Duration timeout) {
    return Awaitility.await("run " + runId + " to be " + state)
        .atMost(timeout)
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> w.jobs().getRun(new GetRunRequest().setRunId(runId)),
            r -> r.getState().getLifeCycleState() == state);
  }

  static boolean isTerminal(RunLifeCycleState s) {
    return s == RunLifeCycleState.TERMINATED
        || s == RunLifeCycleState.SKIPPED
        || s == RunLifeCycleState.INTERNAL_ERROR;
  }

  /** The last attempt of a task in a run. */
  static RunTask task(Run run, String key) {
    List<RunTask> attempts =
        run.getTasks().stream().filter(t -> t.getTaskKey().equals(key)).toList();
    if (attempts.isEmpty()) {
      throw new AssertionError("no task " + key + " in run " + run.getRunId());
    }
    return attempts.get(attempts.size() - 1);
  }
}
