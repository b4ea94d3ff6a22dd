package dev.kiln.server.autoscaling;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Kiln's autoscaling policy, a pure function of what the driver reports:
 *
 * <ul>
 *   <li><b>Up, in one step.</b> When tasks wait that the executors cannot take (a backlog seen for
 *       at least {@link Settings#backlogAfter()}), the cluster grows at once to the workers that
 *       every running and waiting task needs ({@code ceil((running + pending) / slots per
 *       worker)}), capped at {@code max_workers}.
 *   <li><b>Down, after an idle window.</b> A worker whose executors ran no task for {@link
 *       Settings#idleWindow()} is released (decommissioned first, so no running task fails), as
 *       long as the cluster stays at or above {@code min_workers} and at or above what its running
 *       and waiting tasks need.
 *   <li><b>No oscillation.</b> Growing needs waiting tasks, shrinking needs workers idle for the
 *       whole window, and no worker is released within one idle window after the cluster grew: a
 *       decision is never undone by the next sample of the same load.
 * </ul>
 */
public final class AutoscalePolicy {
  private AutoscalePolicy() {}

  /**
   * @param backlogAfter how long tasks must wait before the cluster grows (filters bursts that the
   *     executors clear by themselves)
   * @param idleWindow how long a worker must be idle before it is released
   */
  public record Settings(Duration backlogAfter, Duration idleWindow) {
    public Settings {
      Objects.requireNonNull(backlogAfter);
      Objects.requireNonNull(idleWindow);
      if (backlogAfter.isNegative() || idleWindow.isNegative()) {
        throw new IllegalArgumentException("autoscaling durations cannot be negative");
      }
    }

    public static Settings defaults() {
      return new Settings(Duration.ofSeconds(2), Duration.ofSeconds(60));
    }
  }

  /**
   * A worker as the policy sees it.
   *
   * @param idleSince since when its executors run no task (null while they run some)
   */
  public record Worker(String instanceId, int runningTasks, Long idleSince) {}

  /**
   * What the policy decides from.
   *
   * @param current the cluster's worker count now (its target)
   * @param pendingTasks tasks of active stages that wait for a slot
   * @param runningTasks tasks running now
   * @param slotsPerWorker tasks one worker runs at once (its cores)
   * @param backlogSince since when tasks have been waiting (null when none wait)
   * @param lastUpscale when the cluster last grew (null if never)
   * @param workers the workers that can be released (not already on their way out)
   */
  public record Input(
      int minWorkers,
      int maxWorkers,
      int current,
      int pendingTasks,
      int runningTasks,
      int slotsPerWorker,
      Long backlogSince,
      Long lastUpscale,
      List<Worker> workers,
      long now) {
    public Input {
      workers = List.copyOf(workers);
      if (minWorkers < 0 || maxWorkers < minWorkers || slotsPerWorker < 1) {
        throw new IllegalArgumentException("bad autoscaling input: " + this);
      }
    }
  }

  /**
   * The decision: the new worker count, and which idle workers to release for it.
   *
   * @param why one line for the event log
   */
  public record Decision(int target, List<String> release, String why) {
    public Decision {
      release = List.copyOf(release);
    }

    public boolean changes(int current) {
      return target != current;
    }
  }

  public static Decision decide(Input in, Settings settings) {
    int current = in.current();
    if (current < in.minWorkers() || current > in.maxWorkers()) {
      int target = Math.max(in.minWorkers(), Math.min(in.maxWorkers(), current));
      return new Decision(target, List.of(), "back within the range " + range(in));
    }
    int needed = ceilDiv(in.pendingTasks() + in.runningTasks(), in.slotsPerWorker());
    boolean backlog =
        in.pendingTasks() > 0
            && in.backlogSince() != null
            && in.now() - in.backlogSince() >= settings.backlogAfter().toMillis();
    if (backlog && needed > current && current < in.maxWorkers()) {
      int target = Math.min(in.maxWorkers(), needed);
      return new Decision(
          target,
          List.of(),
          in.pendingTasks()
              + " tasks wait beside "
              + in.runningTasks()
              + " running: "
              + needed
              + " workers needed"
              + (needed > target ? ", capped at " + in.maxWorkers() : ""));
    }
    if (in.pendingTasks() > 0) {
      return new Decision(current, List.of(), "tasks wait");
    }
    long window = settings.idleWindow().toMillis();
    if (in.lastUpscale() != null && in.now() - in.lastUpscale() < window) {
      return new Decision(current, List.of(), "grew less than an idle window ago");
    }
    int floor = Math.max(in.minWorkers(), needed);
    List<String> idle =
        in.workers().stream()
            .filter(w -> w.runningTasks() == 0 && w.idleSince() != null)
            .filter(w -> in.now() - w.idleSince() >= window)
            .sorted(Comparator.comparing(Worker::idleSince).thenComparing(Worker::instanceId))
            .map(Worker::instanceId)
            .toList();
    int release = Math.min(idle.size(), current - floor);
    if (release <= 0) {
      return new Decision(current, List.of(), "no worker idle for the whole window");
    }
    return new Decision(
        current - release,
        idle.subList(0, release),
        release
            + (release == 1 ? " worker" : " workers")
            + " idle for "
            + settings.idleWindow().toSeconds()
            + " s");
  }

  private static String range(Input in) {
    return in.minWorkers() + ".." + in.maxWorkers();
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
