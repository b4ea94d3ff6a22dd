package dev.kiln.server.jobs.engine;

import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.model.jobs.Task;
import dev.kiln.model.jobs.TerminationCodeCode;
import dev.kiln.server.jobs.runs.RunEnd;
import dev.kiln.server.jobs.runs.StopReason;
import dev.kiln.server.jobs.runs.TaskRunRow;
import dev.kiln.server.jobs.settings.TaskGraph;
import java.util.Map;
import java.util.Set;

/**
 * The state of a multi-task run once every task has ended, from the last attempt of each task:
 *
 * <ul>
 *   <li>a run stopped by a cancel is TERMINATED / CANCELED; by its timeout TERMINATED / TIMEDOUT;
 *   <li>no task failed: TERMINATED / SUCCESS (tasks excluded by conditions do not count), or
 *       CANCELED when a task was cancelled;
 *   <li>a task failed but every leaf task (one nothing depends on) succeeded or was excluded, as
 *       after an error handler with {@code run_if}: TERMINATED / SUCCESS_WITH_FAILURES;
 *   <li>otherwise INTERNAL_ERROR / FAILED with "Task &lt;key&gt; failed with message: ..." naming
 *       the first failed task in run order.
 * </ul>
 */
public final class RunStateRollup {
  private RunStateRollup() {}

  public static RunEnd rollup(
      TaskGraph graph, Map<String, TaskRunRow> last, StopReason stop, long timeoutSeconds) {
    if (stop == StopReason.USER) {
      return RunEnd.canceled();
    }
    if (stop == StopReason.TIMEOUT) {
      return RunEnd.timedOut(timeoutSeconds);
    }
    TaskRunRow firstFailed = null;
    boolean canceled = false;
    for (Task t : graph.order()) {
      TaskRunRow row = last.get(t.taskKey());
      if (row == null) {
        continue;
      }
      if (row.failed() && firstFailed == null) {
        firstFailed = row;
      }
      if (row.resultState() == RunResultState.CANCELED
          || row.resultState() == RunResultState.UPSTREAM_CANCELED) {
        canceled = true;
      }
    }
    if (firstFailed == null) {
      return canceled ? RunEnd.canceled() : RunEnd.success();
    }
    if (leavesSucceeded(graph.leaves(), last)) {
      return new RunEnd(
          RunLifeCycleState.TERMINATED,
          RunResultState.SUCCESS_WITH_FAILURES,
          "",
          TerminationCodeCode.SUCCESS_WITH_FAILURES,
          false);
    }
    String message = firstFailed.stateMessage();
    return new RunEnd(
        RunLifeCycleState.INTERNAL_ERROR,
        RunResultState.FAILED,
        "Task "
            + firstFailed.taskKey()
            + " failed with message: "
            + (message == null || message.isEmpty() ? RunEnd.WORKLOAD_FAILED : message),
        firstFailed.terminationCode() == null
            ? TerminationCodeCode.RUN_EXECUTION_ERROR
            : firstFailed.terminationCode(),
        firstFailed.resultState() == RunResultState.TIMEDOUT);
  }

  private static boolean leavesSucceeded(Set<String> leaves, Map<String, TaskRunRow> last) {
    for (String leaf : leaves) {
      TaskRunRow row = last.get(leaf);
      RunResultState r = row == null ? null : row.resultState();
      boolean ok =
          r == RunResultState.SUCCESS
              || r == RunResultState.SUCCESS_WITH_FAILURES
              || r == RunResultState.EXCLUDED
              || r == RunResultState.DISABLED;
      if (!ok || row.lifeCycleState() == RunLifeCycleState.INTERNAL_ERROR) {
        return false;
      }
    }
    return true;
  }
}
