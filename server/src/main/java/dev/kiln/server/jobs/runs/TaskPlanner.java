package dev.kiln.server.jobs.runs;

import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.model.jobs.Task;
import dev.kiln.model.jobs.TaskDependency;
import dev.kiln.server.jobs.settings.TaskGraph;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, from the stored task runs of one run, which waiting tasks start now and which are
 * skipped: a task waits until every dependency in the run has ended, then its {@code run_if}
 * decides. Independent tasks start together. Pure: the engine does what it returns.
 */
public final class TaskPlanner {
  private TaskPlanner() {}

  /** Start a task run, or end it unrun with {@code skippedAs}. */
  public record Action(TaskRunRow row, RunResultState skippedAs) {
    public boolean starts() {
      return skippedAs == null;
    }
  }

  /** The last attempt of each task, by task key. */
  public static Map<String, TaskRunRow> last(List<TaskRunRow> rows) {
    Map<String, TaskRunRow> last = new HashMap<>();
    for (TaskRunRow r : rows) {
      last.merge(r.taskKey(), r, (a, b) -> a.runId() > b.runId() ? a : b);
    }
    return last;
  }

  public static List<Action> plan(TaskGraph graph, List<TaskRunRow> rows, long now) {
    Map<String, TaskRunRow> last = last(rows);
    Map<String, RunEnd> decided = new HashMap<>();
    List<Action> actions = new ArrayList<>();
    for (Task task : graph.order()) {
      TaskRunRow row = last.get(task.taskKey());
      if (row == null || row.isTerminal() || row.startTime() != null) {
        continue;
      }
      if (row.lifeCycleState() == RunLifeCycleState.WAITING_FOR_RETRY && row.notBefore() > now) {
        continue;
      }
      if (Boolean.TRUE.equals(task.disabled())) {
        decided.put(task.taskKey(), RunEnd.skipped(RunResultState.DISABLED));
        actions.add(new Action(row, RunResultState.DISABLED));
        continue;
      }
      List<DependencyStatus> deps = new ArrayList<>();
      boolean waiting = false;
      for (TaskDependency d : task.dependencies()) {
        TaskRunRow dep = last.get(d.taskKey());
        if (dep == null) {
          continue; // not part of this run (run-now with "only")
        }
        RunEnd skipped = decided.get(d.taskKey());
        if (skipped != null) {
          deps.add(
              DependencyStatus.of(skipped.lifeCycleState(), skipped.resultState(), null, null));
        } else if (!dep.isTerminal()) {
          waiting = true;
        } else {
          deps.add(
              DependencyStatus.of(
                  dep.lifeCycleState(), dep.resultState(), d.outcome(), dep.outcome()));
        }
      }
      if (waiting) {
        continue;
      }
      Optional<RunResultState> skip = RunIfRule.decide(task.effectiveRunIf(), deps);
      if (skip.isPresent()) {
        decided.put(task.taskKey(), RunEnd.skipped(skip.get()));
        actions.add(new Action(row, skip.get()));
      } else if (row.notBefore() <= now) {
        actions.add(new Action(row, null));
      }
    }
    return actions;
  }
}
