package dev.kiln.server.jobs.engine;

import static dev.kiln.server.jobs.runs.TaskRows.broken;
import static dev.kiln.server.jobs.runs.TaskRows.retried;
import static dev.kiln.server.jobs.runs.TaskRows.row;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.jobs.RunLifeCycleState;
import dev.kiln.model.jobs.RunResultState;
import dev.kiln.server.jobs.runs.TaskRunRow;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static TaskRunRow attempt(int n, RunResultState result) {
    return row(10 + n, "a", n, RunLifeCycleState.TERMINATED, result, 1000L, 0);
  }

  @Test
  void aFailureIsRetriedAfterTheIntervalWhileAttemptsRemain() {
    var task = retried("a", 2, 5000, false);
    assertThat(RetryPolicy.nextAttemptAt(task, attempt(0, RunResultState.FAILED))).hasValue(7000);
    assertThat(RetryPolicy.nextAttemptAt(task, attempt(1, RunResultState.FAILED))).hasValue(7000);
    assertThat(RetryPolicy.nextAttemptAt(task, attempt(2, RunResultState.FAILED))).isEmpty();
  }

  @Test
  void minusOneRetriesForever() {
    var task = retried("a", -1, 0, false);
    assertThat(RetryPolicy.nextAttemptAt(task, attempt(500, RunResultState.FAILED))).hasValue(2000);
  }

  @Test
  void zeroNeverRetries() {
    assertThat(
            RetryPolicy.nextAttemptAt(retried("a", 0, 0, false), attempt(0, RunResultState.FAILED)))
        .isEmpty();
  }

  @Test
  void anInternalErrorCountsAsAFailure() {
    assertThat(RetryPolicy.nextAttemptAt(retried("a", 1, 0, false), broken(1, "a", "no cluster")))
        .hasValue(2000);
  }

  @Test
  void aTimeoutIsRetriedOnlyWithRetryOnTimeout() {
    assertThat(
            RetryPolicy.nextAttemptAt(
                retried("a", 3, 0, false), attempt(0, RunResultState.TIMEDOUT)))
        .isEmpty();
    assertThat(
            RetryPolicy.nextAttemptAt(
                retried("a", 3, 0, true), attempt(0, RunResultState.TIMEDOUT)))
        .isPresent();
  }

  @Test
  void successesAndCancelsAreNeverRetried() {
    var task = retried("a", 3, 0, true);
    assertThat(RetryPolicy.nextAttemptAt(task, attempt(0, RunResultState.SUCCESS))).isEmpty();
    assertThat(RetryPolicy.nextAttemptAt(task, attempt(0, RunResultState.CANCELED)))
        .isEqualTo(OptionalLong.empty());
    assertThat(RetryPolicy.nextAttemptAt(task, attempt(0, RunResultState.UPSTREAM_FAILED)))
        .isEmpty();
  }
}
