package dev.kiln.server.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.server.autoscaling.AutoscalePolicy.Decision;
import dev.kiln.server.autoscaling.AutoscalePolicy.Input;
import dev.kiln.server.autoscaling.AutoscalePolicy.Settings;
import dev.kiln.server.autoscaling.AutoscalePolicy.Worker;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AutoscalePolicyTest {
  private static final Settings SETTINGS =
      new Settings(Duration.ofSeconds(2), Duration.ofSeconds(60));
  private static final long NOW = 1_000_000;

  /** A cluster of 1..8 workers of 2 slots. */
  private static Input load(int current, int pending, int running, Long backlogSince) {
    return new Input(1, 8, current, pending, running, 2, backlogSince, null, List.of(), NOW);
  }

  private static Decision decide(Input in) {
    return AutoscalePolicy.decide(in, SETTINGS);
  }

  @ParameterizedTest(name = "{0} workers, {1} pending + {2} running -> {3}")
  @CsvSource({
    // current, pending, running, target: ceil((pending + running) / 2), within 1..8
    "1, 1, 2, 2",
    "1, 3, 2, 3",
    "1, 10, 2, 6",
    "2, 100, 4, 8",
    "3, 1, 6, 4",
    "7, 1, 14, 8",
  })
  void aBacklogGrowsTheClusterInOneStepToWhatItNeeds(
      int current, int pending, int running, int target) {
    Decision d = decide(load(current, pending, running, NOW - 2_000));
    assertThat(d.target()).isEqualTo(target);
    assertThat(d.release()).isEmpty();
  }

  @Test
  void growthIsCappedAtMaxWorkersAndSaysSo() {
    Decision d = decide(load(2, 100, 4, NOW - 5_000));
    assertThat(d.target()).isEqualTo(8);
    assertThat(d.why())
        .isEqualTo("100 tasks wait beside 4 running: 52 workers needed, capped at 8");
  }

  @Test
  void aBacklogYoungerThanTheBacklogDelayChangesNothing() {
    assertThat(decide(load(1, 10, 2, NOW - 1_999)).target()).isEqualTo(1);
    assertThat(decide(load(1, 10, 2, null)).target()).isEqualTo(1);
  }

  @Test
  void aBacklogTheCurrentWorkersCanTakeChangesNothing() {
    // 4 workers x 2 slots = 8 >= 3 running + 1 pending (the pending one is about to be scheduled).
    assertThat(decide(load(4, 1, 3, NOW - 10_000)).target()).isEqualTo(4);
  }

  @Test
  void aClusterAtMaxDoesNotGrow() {
    assertThat(decide(load(8, 50, 16, NOW - 10_000)).target()).isEqualTo(8);
  }

  private static Input idle(int current, List<Worker> workers, int running, Long lastUpscale) {
    return new Input(1, 8, current, 0, running, 2, null, lastUpscale, workers, NOW);
  }

  @Test
  void workersIdleForTheWholeWindowAreReleasedLongestIdleFirst() {
    List<Worker> workers =
        List.of(
            new Worker("i-a", 0, NOW - 61_000),
            new Worker("i-b", 0, NOW - 90_000),
            new Worker("i-c", 0, NOW - 59_000));
    Decision d = decide(idle(3, workers, 0, null));
    assertThat(d.target()).isEqualTo(1);
    assertThat(d.release()).containsExactly("i-b", "i-a");
    assertThat(d.why()).isEqualTo("2 workers idle for 60 s");
  }

  @Test
  void aWorkerIdleForLessThanTheWindowStays() {
    Decision d = decide(idle(2, List.of(new Worker("i-a", 0, NOW - 59_999)), 0, null));
    assertThat(d.target()).isEqualTo(2);
    assertThat(d.release()).isEmpty();
  }

  @Test
  void busyWorkersAreNeverReleased() {
    List<Worker> workers =
        List.of(new Worker("i-a", 1, null), new Worker("i-b", 2, null), new Worker("i-c", 0, null));
    assertThat(decide(idle(3, workers, 3, null)).release()).isEmpty();
  }

  @Test
  void theClusterNeverShrinksBelowMinWorkers() {
    List<Worker> workers =
        List.of(new Worker("i-a", 0, NOW - 100_000), new Worker("i-b", 0, NOW - 100_000));
    Input in = new Input(2, 8, 2, 0, 0, 2, null, null, workers, NOW);
    assertThat(decide(in).target()).isEqualTo(2);
    Input atOne = new Input(1, 8, 2, 0, 0, 2, null, null, workers, NOW);
    assertThat(decide(atOne).target()).isEqualTo(1);
    assertThat(decide(atOne).release()).containsExactly("i-a");
  }

  @Test
  void theClusterNeverShrinksBelowWhatItsRunningTasksNeed() {
    // 5 running tasks need 3 workers of 2 slots; 2 of 5 workers are idle: release 2, not more.
    List<Worker> workers =
        List.of(
            new Worker("i-a", 0, NOW - 100_000),
            new Worker("i-b", 0, NOW - 100_000),
            new Worker("i-c", 0, NOW - 100_000));
    Decision d = decide(idle(5, workers, 5, null));
    assertThat(d.target()).isEqualTo(3);
    assertThat(d.release()).hasSize(2);
  }

  @Test
  void noWorkerIsReleasedWithinAnIdleWindowOfGrowing() {
    List<Worker> workers = List.of(new Worker("i-a", 0, NOW - 100_000));
    assertThat(decide(idle(2, workers, 0, NOW - 59_000)).target()).isEqualTo(2);
    assertThat(decide(idle(2, workers, 0, NOW - 60_000)).target()).isEqualTo(1);
  }

  @Test
  void waitingTasksHoldOffShrinkingEvenBeforeTheyCountAsABacklog() {
    List<Worker> workers = List.of(new Worker("i-a", 0, NOW - 100_000));
    Input in = new Input(1, 8, 2, 1, 0, 2, NOW, null, workers, NOW);
    assertThat(decide(in).target()).isEqualTo(2);
  }

  @Test
  void aClusterOutsideItsRangeGoesBackInside() {
    Input below = new Input(3, 6, 1, 0, 0, 2, null, null, List.of(), NOW);
    assertThat(decide(below).target()).isEqualTo(3);
    Input above = new Input(1, 2, 4, 0, 0, 2, null, null, List.of(), NOW);
    assertThat(decide(above).target()).isEqualTo(2);
  }

  @Test
  void theSameLoadSampledAgainNeverUndoesADecision() {
    // Grow for a backlog, then sample the same load again right after: no shrink.
    Decision up = decide(load(1, 6, 2, NOW - 3_000));
    assertThat(up.target()).isEqualTo(4);
    List<Worker> justAdded =
        List.of(
            new Worker("i-new1", 0, NOW),
            new Worker("i-new2", 0, NOW),
            new Worker("i-new3", 0, NOW));
    Input after = new Input(1, 8, 4, 0, 8, 2, null, NOW, justAdded, NOW + 1_000);
    assertThat(decide(after).target()).isEqualTo(4);
    // Idle, and then still idle: it shrinks once, and the next sample keeps the smaller size.
    List<Worker> idleLong = List.of(new Worker("i-x", 0, NOW - 120_000));
    Decision down = decide(new Input(1, 8, 2, 0, 0, 2, null, null, idleLong, NOW));
    assertThat(down.target()).isEqualTo(1);
    assertThat(decide(new Input(1, 8, 1, 0, 0, 2, null, null, List.of(), NOW + 500)).target())
        .isEqualTo(1);
  }

  @Test
  void badInputIsRefused() {
    assertThatThrownBy(() -> new Input(2, 1, 1, 0, 0, 2, null, null, List.of(), NOW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Input(0, 1, 1, 0, 0, 0, null, null, List.of(), NOW))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Settings(Duration.ofSeconds(-1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
