package dev.kiln.node;

import dev.kiln.model.node.NodePhase;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a node once, whoever asks first ({@code POST /stop}, the orphan watch, a JVM shutdown):
 * phase STOPPING, then Spark's own stop for at most the bound, then exit.
 */
final class NodeStopper {
  private static final Logger log = LoggerFactory.getLogger(NodeStopper.class);

  private final NodeState state;
  private final SparkRole role;
  private final Duration bound;
  private final IntConsumer exit;
  private final AtomicBoolean started = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  NodeStopper(NodeState state, SparkRole role, Duration bound, IntConsumer exit) {
    this.state = state;
    this.role = role;
    this.bound = bound;
    this.exit = exit;
  }

  /** Stops in the background and exits the JVM; returns at once. */
  void stopAndExit(String why) {
    Thread thread =
        new Thread(
            () -> {
              stop(why);
              log.info("Node stopped; exiting");
              exit.accept(0);
            },
            "kiln-node-stop");
    thread.start();
  }

  /** Stops Spark, bounded; a second caller waits for the first one's stop (bounded too). */
  void stop(String why) {
    if (!started.compareAndSet(false, true)) {
      awaitQuietly(stopped, bound.plusSeconds(1));
      return;
    }
    try {
      state.moveTo(NodePhase.STOPPING, why);
      CountDownLatch roleDone = new CountDownLatch(1);
      Thread stopper =
          new Thread(
              () -> {
                try {
                  role.stop();
                } catch (RuntimeException e) {
                  log.warn("Stopping Spark failed", e);
                } finally {
                  roleDone.countDown();
                }
              },
              "kiln-node-spark-stop");
      stopper.setDaemon(true);
      stopper.start();
      if (!awaitQuietly(roleDone, bound)) {
        log.warn("Spark did not stop within {} s; exiting anyway", bound.toSeconds());
      }
    } finally {
      stopped.countDown();
    }
  }

  private static boolean awaitQuietly(CountDownLatch latch, Duration timeout) {
    try {
      return latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
