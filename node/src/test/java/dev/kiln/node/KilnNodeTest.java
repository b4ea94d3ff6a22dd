package dev.kiln.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.node.InitScriptSpec;
import dev.kiln.model.node.NodeFailureCode;
import dev.kiln.model.node.NodePhase;
import dev.kiln.model.node.NodeStatus;
import dev.kiln.model.testing.TestClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node's phases with a fake Spark role: no Spark, no process. */
class KilnNodeTest {
  @TempDir Path nodeDir;
  private final FakeRole role = new FakeRole();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private KilnNode node;

  /** Spark as the node sees it, scripted by the test. */
  static final class FakeRole implements SparkRole {
    volatile RuntimeException startFailure;
    volatile String problem;
    volatile boolean started;
    volatile boolean stopped;

    @Override
    public void start(Runnable news) {
      if (startFailure != null) {
        throw startFailure;
      }
      started = true;
    }

    @Override
    public RoleStatus status() {
      return RoleStatus.worker(1234, 5678);
    }

    @Override
    public Optional<String> problem() {
      return Optional.ofNullable(problem);
    }

    @Override
    public void stop() {
      stopped = true;
    }
  }

  private KilnNode run(List<InitScriptSpec> scripts) throws Exception {
    node =
        new KilnNode(
            Specs.driver(Map.of(), scripts), nodeDir, role, new TestClock(), exit::complete);
    node.run();
    return node;
  }

  @AfterEach
  void close() {
    if (node != null) {
      node.close();
    }
  }

  @Test
  void startingToReadyWhenSparkStarts() throws Exception {
    NodeStatus status = run(List.of()).state().status();

    assertThat(status.phase()).isEqualTo(NodePhase.READY);
    assertThat(status.sparkRpcPort()).isEqualTo(1234);
    assertThat(Files.readString(nodeDir.resolve("node.port")))
        .isEqualTo(Integer.toString(node.server().port()));
  }

  @Test
  void startingToFailedWhenSparkThrows() throws Exception {
    role.startFailure = new IllegalStateException("no master");

    NodeStatus status = run(List.of()).state().status();

    assertThat(status.phase()).isEqualTo(NodePhase.FAILED);
    assertThat(status.failureCode()).isEqualTo(NodeFailureCode.SPARK_STARTUP_FAILURE);
    assertThat(status.message()).contains("no master");
  }

  @Test
  void initScriptsToFailedWithoutStartingSpark() throws Exception {
    Path script = Files.writeString(nodeDir.resolve("bad.sh"), "exit 4\n");

    NodeStatus status =
        run(List.of(new InitScriptSpec("bad.sh", script.toString()))).state().status();

    assertThat(status.phase()).isEqualTo(NodePhase.FAILED);
    assertThat(status.failureCode()).isEqualTo(NodeFailureCode.INIT_SCRIPT_FAILURE);
    assertThat(status.message()).contains("bad.sh", "4");
    assertThat(role.started).isFalse();
  }

  @Test
  void initScriptsToStartingToReady() throws Exception {
    Path script = Files.writeString(nodeDir.resolve("ok.sh"), "true\n");

    NodeStatus status =
        run(List.of(new InitScriptSpec("ok.sh", script.toString()))).state().status();

    assertThat(status.phase()).isEqualTo(NodePhase.READY);
    assertThat(status.initScripts()).hasSize(1);
  }

  @Test
  void readyToFailedWhenSparkDiesLater() throws Exception {
    run(List.of());

    role.problem = "The SparkContext stopped";

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (node.state().phase() != NodePhase.FAILED && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(node.state().status().failureCode()).isEqualTo(NodeFailureCode.SPARK_ERROR);
  }

  @Test
  void readyToStoppingOnStopThenExitZero() throws Exception {
    run(List.of());

    assertThat(Http.call(node.server().port(), "POST", "/stop", "node-secret").body())
        .isEqualTo("{}");

    assertThat(exit.get(5, TimeUnit.SECONDS)).isZero();
    assertThat(role.stopped).isTrue();
    assertThat(node.state().phase()).isEqualTo(NodePhase.STOPPING);
  }
}
