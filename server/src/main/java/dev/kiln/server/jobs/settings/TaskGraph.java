package dev.kiln.server.jobs.settings;

import dev.kiln.model.jobs.Task;
import dev.kiln.model.jobs.TaskDependency;
import dev.kiln.server.api.ApiException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The tasks of a job as a DAG: checked for unknown keys and cycles, ordered, with leaves. */
public final class TaskGraph {
  private final Map<String, Task> tasks = new LinkedHashMap<>();
  private final Map<String, List<String>> dependents = new HashMap<>();

  private TaskGraph(List<Task> list) {
    for (Task t : list) {
      tasks.put(t.taskKey(), t);
      dependents.put(t.taskKey(), new ArrayList<>());
    }
    for (Task t : list) {
      for (TaskDependency d : t.dependencies()) {
        List<String> of = dependents.get(d.taskKey());
        if (of != null) {
          of.add(t.taskKey());
        }
      }
    }
  }

  /**
   * The graph of {@code list}; INVALID_PARAMETER_VALUE on duplicate keys, a dependency on a task
   * that does not exist, or a cycle.
   */
  public static TaskGraph of(List<Task> list) {
    Set<String> keys = new HashSet<>();
    for (Task t : list) {
      if (!keys.add(t.taskKey())) {
        throw ApiException.invalid("Task key " + t.taskKey() + " is not unique in the job");
      }
    }
    for (Task t : list) {
      Set<String> seen = new HashSet<>();
      for (TaskDependency d : t.dependencies()) {
        if (d.taskKey() == null || !keys.contains(d.taskKey())) {
          throw ApiException.invalid(
              "Invalid dependency graph, task '"
                  + t.taskKey()
                  + "' depends on '"
                  + d.taskKey()
                  + "', which was not found.");
        }
        if (d.taskKey().equals(t.taskKey())) {
          throw ApiException.invalid(
              "Invalid dependency graph, task '" + t.taskKey() + "' depends on itself.");
        }
        if (!seen.add(d.taskKey())) {
          throw ApiException.invalid(
              "Task '" + t.taskKey() + "' depends on '" + d.taskKey() + "' more than once.");
        }
      }
    }
    TaskGraph graph = new TaskGraph(list);
    graph.order();
    return graph;
  }

  /** Tasks so that each comes after the tasks it depends on (ties in definition order). */
  public List<Task> order() {
    Map<String, Integer> missing = new HashMap<>();
    Deque<String> ready = new ArrayDeque<>();
    for (Task t : tasks.values()) {
      missing.put(t.taskKey(), t.dependencies().size());
      if (t.dependencies().isEmpty()) {
        ready.add(t.taskKey());
      }
    }
    List<Task> ordered = new ArrayList<>();
    while (!ready.isEmpty()) {
      String key = ready.poll();
      ordered.add(tasks.get(key));
      for (String next : dependents.get(key)) {
        if (missing.merge(next, -1, Integer::sum) == 0) {
          ready.add(next);
        }
      }
    }
    if (ordered.size() != tasks.size()) {
      Set<String> inCycle = new TreeSet<>(tasks.keySet());
      ordered.forEach(t -> inCycle.remove(t.taskKey()));
      throw ApiException.invalid(
          "Invalid dependency graph, cyclic dependency detected among tasks: "
              + String.join(", ", inCycle));
    }
    return ordered;
  }

  /** Tasks no other task depends on. */
  public Set<String> leaves() {
    Set<String> leaves = new HashSet<>();
    dependents.forEach(
        (key, of) -> {
          if (of.isEmpty()) {
            leaves.add(key);
          }
        });
    return leaves;
  }

  /** The tasks that depend on {@code key}, directly or not. */
  public Set<String> downstreamOf(String key) {
    Set<String> found = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(dependents.getOrDefault(key, List.of()));
    while (!todo.isEmpty()) {
      String next = todo.poll();
      if (found.add(next)) {
        todo.addAll(dependents.get(next));
      }
    }
    return found;
  }

  public Task task(String key) {
    return tasks.get(key);
  }

  public List<Task> tasks() {
    return List.copyOf(tasks.values());
  }
}
