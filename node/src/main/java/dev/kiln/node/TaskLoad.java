package dev.kiln.node;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.SparkContext;
import org.apache.spark.SparkStageInfo;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorAdded;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.scheduler.SparkListenerTaskStart;
import scala.Option;

/**
 * The driver's load, as autoscaling reads it: tasks running on each executor, each executor's
 * cores, and (from the status tracker) the tasks of active stages that wait for a slot.
 */
final class TaskLoad extends SparkListener {
  private final Map<String, Integer> running = new ConcurrentHashMap<>();
  private final Map<String, Integer> cores = new ConcurrentHashMap<>();

  @Override
  public void onTaskStart(SparkListenerTaskStart event) {
    running.merge(event.taskInfo().executorId(), 1, Integer::sum);
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd event) {
    running.computeIfPresent(event.taskInfo().executorId(), (k, n) -> n > 1 ? n - 1 : null);
  }

  @Override
  public void onExecutorAdded(SparkListenerExecutorAdded event) {
    cores.put(event.executorId(), event.executorInfo().totalCores());
  }

  @Override
  public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
    cores.remove(event.executorId());
    running.remove(event.executorId());
  }

  int running() {
    return running.values().stream().mapToInt(Integer::intValue).sum();
  }

  int running(String executorId) {
    return running.getOrDefault(executorId, 0);
  }

  /** Tasks the executors can run at once. */
  int slots(SparkContext sc) {
    int taskCpus = Math.max(1, sc.getConf().getInt("spark.task.cpus", 1));
    return cores.values().stream().mapToInt(c -> c / taskCpus).sum();
  }

  /** Tasks of active stages that are neither running nor done. */
  static int pending(SparkContext sc) {
    int pending = 0;
    for (int stageId : sc.statusTracker().getActiveStageIds()) {
      Option<SparkStageInfo> info = sc.statusTracker().getStageInfo(stageId);
      if (info.isDefined()) {
        SparkStageInfo s = info.get();
        pending += Math.max(0, s.numTasks() - s.numActiveTasks() - s.numCompletedTasks());
      }
    }
    return pending;
  }
}
