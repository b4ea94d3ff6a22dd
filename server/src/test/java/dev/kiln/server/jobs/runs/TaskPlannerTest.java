package dev.kiln.server.jobs.runs;

import static dev.kiln.server.jobs.runs.TaskRows.ended;
import static dev.kiln.server.jobs.runs.TaskRows.pending;
import static dev.kiln.server.jobs.runs.TaskRows.running;
import static dev.kiln.server.jobs.runs.TaskRows.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.jobs.RunIf;
import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.server.jobs.settings.TaskGraph;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TaskPlannerTest {
  private static Map<String, String> plan(TaskGraph g, List<TaskRunRow> rows, long now) {
    return TaskPlanner.plan(g, rows, now).stream()
        .collect(
            Collectors.toMap(
                a -> a.row().taskKey(), a -> a.starts() ? "START" : a.skippedAs().name()));
  }

  @Test
  void independentTasksStartTogetherAndDependentsWait() {
    TaskGraph g = TaskGraph.of(List.of(task("a"), task("b"), task("c", "a", "b")));
    assertThat(plan(g, List.of(pending(1, "a"), pending(2, "b"), pending(3, "c")), 0))
        .isEqualTo(Map.of("a", "START", "b", "START"));
    assertThat(
            plan(
                g,
                List.of(ended(1, "a", RunResultState.SUCCESS), running(2, "b"), pending(3, "c")),
                0))
        .isEmpty();
    assertThat(
            plan(
                g,
                List.of(
                    ended(1, "a", RunResultState.SUCCESS),
                    ended(2, "b", RunResultState.SUCCESS),
                    pending(3, "c")),
                0))
        .isEqualTo(Map.of("c", "START"));
  }

  @Test
  void skipsCascadeDownTheGraphInOnePass() {
    TaskGraph g =
        TaskGraph.of(
            List.of(task("a"), task("b", "a"), task("c", "b"), task("d", RunIf.ALL_DONE, "c")));
    assertThat(
            plan(
                g,
                List.of(
                    ended(1, "a", RunResultState.FAILED),
                    pending(2, "b"),
                    pending(3, "c"),
                    pending(4, "d")),
                0))
        .isEqualTo(Map.of("b", "UPSTREAM_FAILED", "c", "UPSTREAM_FAILED", "d", "START"));
  }

  @Test
  void aConditionsOutcomeChoosesTheBranch() {
    TaskGraph g =
        TaskGraph.of(
            List.of(
                task("check"),
                new dev.kiln.model.jobs.Task(
                    "yes",
                    null,
                    List.of(new dev.kiln.model.jobs.TaskDependency("check", "true")),
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
                    null,
                    task("x").conditionTask(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null),
                new dev.kiln.model.jobs.Task(
                    "no",
                    null,
                    List.of(new dev.kiln.model.jobs.TaskDependency("check", "false")),
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
                    null,
                    task("x").conditionTask(),
                    null,
                    null,
                    null,
                    null,
                    null,
                    null)));
    TaskRunRow check =
        new TaskRunRow(
            1,
            1,
            "check",
            0,
            0,
            RunLifeCycleState.TERMINATED,
            RunResultState.SUCCESS,
            "",
            false,
            null,
            0,
            0,
            1L,
            1L,
            2L,
            null,
            null,
            null,
            null,
            "false",
            null,
            null,
            0);
    assertThat(plan(g, List.of(check, pending(2, "yes"), pending(3, "no")), 0))
        .isEqualTo(Map.of("yes", "EXCLUDED", "no", "START"));
  }

  @Test
  void aRetryWaitsForItsTime() {
    TaskGraph g = TaskGraph.of(List.of(task("a")));
    List<TaskRunRow> rows =
        List.of(
            ended(1, "a", RunResultState.FAILED),
            TaskRows.row(2, "a", 1, RunLifeCycleState.WAITING_FOR_RETRY, null, null, 5000));
    assertThat(plan(g, rows, 4999)).isEmpty();
    assertThat(plan(g, rows, 5000)).isEqualTo(Map.of("a", "START"));
  }

  @Test
  void tasksLeftOutOfTheRunDoNotBlockTheirDependents() {
    TaskGraph g = TaskGraph.of(List.of(task("a"), task("b", "a")));
    assertThat(plan(g, List.of(pending(2, "b")), 0)).isEqualTo(Map.of("b", "START"));
  }
}
