package dev.kiln.server.jobs.engine;

import dev.kiln.model.jobs.RunResultState;
import dev.kiln.model.jobs.Task;
import dev.kiln.server.jobs.runs.TaskRunRow;
import java.util.OptionalLong;

/**
 * Whether an ended attempt of a task is tried again, and when. A failure (FAILED, or an
 * INTERNAL_ERROR life cycle) is retried while attempts remain ({@code max_retries}: -1 forever, 0
 * never); a timeout only with {@code retry_on_timeout}; a cancel never. The next attempt waits
 * {@code min_retry_interval_millis} from the end of the last.
 */
public final class RetryPolicy {
  private RetryPolicy() {}

  /** The time the next attempt may start, or empty when there is none. */
  public static OptionalLong nextAttemptAt(Task task, TaskRunRow ended) {
    if (ended.userCancelled() && ended.resultState() != RunResultState.TIMEDOUT) {
      return OptionalLong.empty();
    }
    boolean timedOut = ended.resultState() == RunResultState.TIMEDOUT;
    boolean retriable = timedOut ? Boolean.TRUE.equals(task.retryOnTimeout()) : ended.failed();
    int max = task.maxRetries() == null ? 0 : task.maxRetries();
    boolean attemptsLeft = max == -1 || ended.attemptNumber() < max;
    if (!retriable || !attemptsLeft) {
      return OptionalLong.empty();
    }
    long interval = task.minRetryIntervalMillis() == null ? 0 : task.minRetryIntervalMillis();
    long end = ended.endTime() == null ? 0 : ended.endTime();
    return OptionalLong.of(end + interval);
  }
}
