package dev.kiln.model.node;

import static dev.kiln.model.node.NodePhase.FAILED;
import static dev.kiln.model.node.NodePhase.IDLE;
import static dev.kiln.model.node.NodePhase.INIT_SCRIPTS;
import static dev.kiln.model.node.NodePhase.READY;
import static dev.kiln.model.node.NodePhase.STARTING;
import static dev.kiln.model.node.NodePhase.STOPPING;
import static dev.kiln.model.node.NodePhase.WARMING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NodePhaseTest {
  @Test
  void startingGoesToInitScriptsOrReady() {
    assertThat(STARTING.canMoveTo(INIT_SCRIPTS)).isTrue();
    assertThat(STARTING.canMoveTo(READY)).isTrue();
  }

  @Test
  void initScriptsGoBackToStartingForSpark() {
    assertThat(INIT_SCRIPTS.canMoveTo(STARTING)).isTrue();
    assertThat(INIT_SCRIPTS.canMoveTo(READY)).isFalse();
  }

  @Test
  void readyCanOnlyFailOrStop() {
    assertThat(READY.canMoveTo(FAILED)).isTrue();
    assertThat(READY.canMoveTo(STOPPING)).isTrue();
    assertThat(READY.canMoveTo(STARTING)).isFalse();
  }

  @Test
  void failedCanOnlyStop() {
    assertThat(FAILED.canMoveTo(STOPPING)).isTrue();
    assertThat(FAILED.canMoveTo(READY)).isFalse();
  }

  @Test
  void aPoolInstanceWarmsThenWaitsIdle() {
    assertThat(WARMING.canMoveTo(IDLE)).isTrue();
    assertThat(WARMING.canMoveTo(STARTING)).isFalse();
    assertThat(WARMING.canMoveTo(READY)).isFalse();
    assertThat(WARMING.canMoveTo(FAILED)).isTrue();
    assertThat(WARMING.canMoveTo(STOPPING)).isTrue();
  }

  @Test
  void anIdleInstanceStartsItsRoleLikeAnyNode() {
    assertThat(IDLE.canMoveTo(STARTING)).isTrue();
    assertThat(IDLE.canMoveTo(INIT_SCRIPTS)).isTrue();
    assertThat(IDLE.canMoveTo(READY)).isFalse();
    assertThat(IDLE.canMoveTo(WARMING)).isFalse();
    assertThat(IDLE.canMoveTo(STOPPING)).isTrue();
  }

  @Test
  void noPhaseGoesBackToWarmingOrIdle() {
    for (NodePhase from : NodePhase.values()) {
      assertThat(from.canMoveTo(WARMING)).as("%s -> WARMING", from).isFalse();
      if (from != WARMING) {
        assertThat(from.canMoveTo(IDLE)).as("%s -> IDLE", from).isFalse();
      }
    }
  }

  @Test
  void stoppingIsFinal() {
    for (NodePhase next : NodePhase.values()) {
      assertThat(STOPPING.canMoveTo(next)).isFalse();
    }
  }
}
