package dev.kiln.server.jobs.engine;

import static dev.kiln.server.jobs.runs.TaskRows.broken;
import static dev.kiln.server.jobs.runs.TaskRows.ended;
import static dev.kiln.server.jobs.runs.TaskRows.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.jobs.RunIf;
import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.model.jobs.TerminationCodeCode;
import dev.kiln.server.jobs.runs.RunEnd;
import dev.kiln.server.jobs.runs.StopReason;
import dev.kiln.server.jobs.runs.TaskPlanner;
import dev.kiln.server.jobs.runs.TaskRows;
import dev.kiln.server.jobs.runs.TaskRunRow;
import dev.kiln.server.jobs.settings.TaskGraph;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunStateRollupTest {
  private final TaskGraph chain =
      TaskGraph.of(
          List.of(task("a"), task("b", "a"), task("handler", RunIf.AT_LEAST_ONE_FAILED, "a")));

  private RunEnd rollup(TaskGraph graph, List<TaskRunRow> rows) {
    return RunStateRollup.rollup(graph, TaskPlanner.last(rows), null, 0);
  }

  @Test
  void allTasksSucceededIsSuccess() {
    TaskGraph g = TaskGraph.of(List.of(task("a"), task("b", "a")));
    RunEnd end =
        rollup(
            g,
            List.of(ended(1, "a", RunResultState.SUCCESS), ended(2, "b", RunResultState.SUCCESS)));
    assertThat(end).isEqualTo(RunEnd.success());
  }

  @Test
  void excludedTasksDoNotCountAgainstSuccess() {
    TaskGraph g = TaskGraph.of(List.of(task("a"), task("b", "a")));
    RunEnd end =
        rollup(
            g,
            List.of(ended(1, "a", RunResultState.SUCCESS), ended(2, "b", RunResultState.EXCLUDED)));
    assertThat(end.resultState()).isEqualTo(RunResultState.SUCCESS);
  }

  @Test
  void aFailedTaskFailsTheRunWithTheCloudsMessage() {
    RunEnd end =
        rollup(
            chain,
            List.of(
                ended(1, "a", RunResultState.FAILED),
                ended(2, "b", RunResultState.UPSTREAM_FAILED),
                ended(3, "handler", RunResultState.SUCCESS)));
    assertThat(end.lifeCycleState()).isEqualTo(RunLifeCycleState.INTERNAL_ERROR);
    assertThat(end.resultState()).isEqualTo(RunResultState.FAILED);
    assertThat(end.stateMessage())
        .isEqualTo("Task a failed with message: Workload failed, see run output for details.");
    assertThat(end.code()).isEqualTo(TerminationCodeCode.RUN_EXECUTION_ERROR);
  }

  @Test
  void aFailureWhoseLeavesAllSucceededIsSuccessWithFailures() {
    TaskGraph g = TaskGraph.of(List.of(task("a"), task("handler", RunIf.AT_LEAST_ONE_FAILED, "a")));
    RunEnd end =
        rollup(
            g,
            List.of(
                ended(1, "a", RunResultState.FAILED), ended(2, "handler", RunResultState.SUCCESS)));
    assertThat(end.lifeCycleState()).isEqualTo(RunLifeCycleState.TERMINATED);
    assertThat(end.resultState()).isEqualTo(RunResultState.SUCCESS_WITH_FAILURES);
    assertThat(end.code()).isEqualTo(TerminationCodeCode.SUCCESS_WITH_FAILURES);
  }

  @Test
  void aTaskThatCouldNotStartCarriesItsOwnMessageAndCode() {
    TaskGraph g = TaskGraph.of(List.of(task("a")));
    RunEnd end = rollup(g, List.of(broken(1, "a", "Cluster x is TERMINATED")));
    assertThat(end.stateMessage()).isEqualTo("Task a failed with message: Cluster x is TERMINATED");
    assertThat(end.code()).isEqualTo(TerminationCodeCode.CLUSTER_ERROR);
  }

  @Test
  void theFirstFailedTaskInRunOrderIsNamed() {
    TaskGraph g = TaskGraph.of(List.of(task("z"), task("y", "z"), task("x")));
    RunEnd end =
        rollup(
            g,
            List.of(
                ended(3, "x", RunResultState.FAILED),
                ended(1, "z", RunResultState.FAILED),
                ended(2, "y", RunResultState.UPSTREAM_FAILED)));
    assertThat(end.stateMessage()).startsWith("Task z failed");
  }

  @Test
  void onlyTheLastAttemptOfATaskCounts() {
    TaskGraph g = TaskGraph.of(List.of(task("a")));
    RunEnd end =
        rollup(
            g,
            List.of(
                ended(1, "a", RunResultState.FAILED),
                TaskRows.row(
                    2, "a", 1, RunLifeCycleState.TERMINATED, RunResultState.SUCCESS, 1L, 0)));
    assertThat(end.resultState()).isEqualTo(RunResultState.SUCCESS);
  }

  @Test
  void aTimedOutTaskFailsTheRun() {
    TaskGraph g = TaskGraph.of(List.of(task("a")));
    RunEnd end = rollup(g, List.of(ended(1, "a", RunResultState.TIMEDOUT)));
    assertThat(end.resultState()).isEqualTo(RunResultState.FAILED);
    assertThat(end.userCancelledOrTimedOut()).isTrue();
  }

  @Test
  void aCancelledTaskWithoutFailuresCancelsTheRun() {
    TaskGraph g = TaskGraph.of(List.of(task("a"), task("b", "a")));
    RunEnd end =
        rollup(
            g,
            List.of(
                ended(1, "a", RunResultState.CANCELED),
                ended(2, "b", RunResultState.UPSTREAM_CANCELED)));
    assertThat(end.resultState()).isEqualTo(RunResultState.CANCELED);
  }

  @Test
  void aStopDecidesWhateverTheTasksDid() {
    TaskGraph g = TaskGraph.of(List.of(task("a")));
    List<TaskRunRow> rows = List.of(ended(1, "a", RunResultState.SUCCESS));
    RunEnd canceled = RunStateRollup.rollup(g, TaskPlanner.last(rows), StopReason.USER, 0);
    assertThat(canceled.resultState()).isEqualTo(RunResultState.CANCELED);
    assertThat(canceled.code()).isEqualTo(TerminationCodeCode.USER_CANCELED);
    RunEnd timedOut = RunStateRollup.rollup(g, TaskPlanner.last(rows), StopReason.TIMEOUT, 30);
    assertThat(timedOut.resultState()).isEqualTo(RunResultState.TIMEDOUT);
    assertThat(timedOut.stateMessage()).contains("30 seconds");
    assertThat(timedOut.userCancelledOrTimedOut()).isTrue();
  }
}
