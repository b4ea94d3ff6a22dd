package dev.kiln.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.node.InitScriptResult;
import dev.kiln.model.node.NodeFailureCode;
import dev.kiln.model.node.NodePhase;
import dev.kiln.model.node.NodeRole;
import dev.kiln.model.node.NodeStatus;
import org.junit.jupiter.api.Test;

class NodeStateTest {
  private final NodeState state = new NodeState("i-1", NodeRole.WORKER, 42, 1000);

  @Test
  void startsInStartingWithItsIdentity() {
    NodeStatus status = state.status();

    assertThat(status.phase()).isEqualTo(NodePhase.STARTING);
    assertThat(status.pid()).isEqualTo(42);
    assertThat(status.startedAt()).isEqualTo(1000);
    assertThat(status.sparkRpcPort()).isNull();
  }

  @Test
  void startingToReadyShowsTheSparkFields() {
    state.sparkStatus(() -> RoleStatus.worker(7078, 8081));

    assertThat(state.moveTo(NodePhase.READY, "Spark is up")).isTrue();

    assertThat(state.status().sparkRpcPort()).isEqualTo(7078);
    assertThat(state.status().sparkUiPort()).isEqualTo(8081);
  }

  @Test
  void everyMoveAndEveryOtherChangeIsTold() {
    java.util.List<NodePhase> told = new java.util.ArrayList<>();
    state.onChange(() -> told.add(state.phase()));

    state.moveTo(NodePhase.READY, "Spark is up");
    state.moveTo(NodePhase.STARTING, "not allowed: no move, no news");
    state.changed();

    assertThat(told).containsExactly(NodePhase.READY, NodePhase.READY);
  }

  @Test
  void initScriptsToFailedKeepsCodeMessageAndResults() {
    state.moveTo(NodePhase.INIT_SCRIPTS, "running");
    state.addInitScript(new InitScriptResult("a.sh", 0, 3));
    state.addInitScript(new InitScriptResult("b.sh", 7, 4));

    assertThat(state.fail(NodeFailureCode.INIT_SCRIPT_FAILURE, "b.sh exited with 7")).isTrue();

    NodeStatus status = state.status();
    assertThat(status.phase()).isEqualTo(NodePhase.FAILED);
    assertThat(status.failureCode()).isEqualTo(NodeFailureCode.INIT_SCRIPT_FAILURE);
    assertThat(status.message()).isEqualTo("b.sh exited with 7");
    assertThat(status.initScripts()).extracting(InitScriptResult::exitCode).containsExactly(0, 7);
  }

  @Test
  void stoppingToFailedIsRefused() {
    state.moveTo(NodePhase.STOPPING, "stop requested");

    assertThat(state.fail(NodeFailureCode.SPARK_ERROR, "context stopped")).isFalse();

    assertThat(state.status().phase()).isEqualTo(NodePhase.STOPPING);
    assertThat(state.status().failureCode()).isNull();
  }

  @Test
  void failedHidesTheSparkFields() {
    state.sparkStatus(() -> RoleStatus.worker(7078, 8081));
    state.moveTo(NodePhase.READY, "up");

    state.fail(NodeFailureCode.SPARK_ERROR, "gone");

    assertThat(state.status().sparkRpcPort()).isNull();
  }
}
