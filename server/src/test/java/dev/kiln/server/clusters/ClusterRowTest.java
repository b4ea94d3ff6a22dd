package dev.kiln.server.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.clusters.ClusterState;
import org.junit.jupiter.api.Test;

class ClusterRowTest {
  private static final ClusterRow ROW =
      new ClusterRow(
          "c-1",
          "etl",
          "{}",
          "API",
          "ann",
          ClusterState.TERMINATED,
          "done",
          2,
          false,
          3,
          77L,
          "s",
          1_000,
          5_000,
          6_000L,
          2_000L,
          null,
          4_000L,
          "{\"code\":\"USER_REQUEST\"}",
          null,
          false,
          500,
          9);

  @Test
  void aStartIsANewGenerationWithANewStartTimeAndNoTermination() {
    ClusterRow started = ROW.withNewGeneration(88L, 10_000, false);
    assertThat(started.generation()).isEqualTo(4);
    assertThat(started.sparkContextId()).isEqualTo(88L);
    assertThat(started.startTime()).isEqualTo(10_000);
    assertThat(started.lastRestartedTime()).isEqualTo(2_000L);
    assertThat(started.terminatedTime()).isNull();
    assertThat(started.terminationReason()).isNull();
    assertThat(started.lastActivityTime()).isEqualTo(10_000L);
    assertThat(started.version()).isEqualTo(9);
  }

  @Test
  void aRestartKeepsTheStartTimeAndRecordsTheRestart() {
    ClusterRow restarted = ROW.withNewGeneration(88L, 10_000, true);
    assertThat(restarted.startTime()).isEqualTo(1_000);
    assertThat(restarted.lastRestartedTime()).isEqualTo(10_000L);
  }

  @Test
  void aStateChangeRecordsWhenAndWhy() {
    ClusterRow pending = ROW.withState(ClusterState.PENDING, "Starting Spark", 11_000);
    assertThat(pending.state()).isEqualTo(ClusterState.PENDING);
    assertThat(pending.stateMessage()).isEqualTo("Starting Spark");
    assertThat(pending.stateSince()).isEqualTo(11_000);
    assertThat(pending)
        .usingRecursiveComparison()
        .ignoringFields("state", "stateMessage", "stateSince")
        .isEqualTo(ROW);
  }
}
