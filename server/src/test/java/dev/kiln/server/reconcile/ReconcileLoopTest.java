package dev.kiln.server.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReconcileLoopTest {
  private static final Duration LONG_TICK = Duration.ofHours(1);

  private final Map<String, AtomicInteger> steps = new ConcurrentHashMap<>();

  private int stepsOf(String item) {
    return steps.getOrDefault(item, new AtomicInteger()).get();
  }

  private void count(String item) {
    steps.computeIfAbsent(item, k -> new AtomicInteger()).incrementAndGet();
  }

  private static void await(java.util.function.BooleanSupplier condition) throws Exception {
    for (int i = 0; i < 500 && !condition.getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).isTrue();
  }

  @Test
  void everyUnsettledItemIsSteppedOnStartAndAgainWhenWoken() throws Exception {
    try (var loop =
        new ReconcileLoop<>("test", LONG_TICK, 2, () -> List.of("a", "b"), s -> s, this::count)) {
      loop.start();
      await(() -> stepsOf("a") == 1 && stepsOf("b") == 1);
      loop.wake();
      await(() -> stepsOf("a") == 2 && stepsOf("b") == 2);
    }
  }

  @Test
  void wakesBeforeAPassBeginsShareItAndAWakeDuringAPassGetsAnother() throws Exception {
    AtomicInteger listings = new AtomicInteger();
    CountDownLatch firstListing = new CountDownLatch(1);
    CountDownLatch letListingEnd = new CountDownLatch(1);
    try (var loop =
        new ReconcileLoop<String>(
            "test",
            LONG_TICK,
            1,
            () -> {
              if (listings.incrementAndGet() == 1) {
                firstListing.countDown();
                try {
                  letListingEnd.await(5, TimeUnit.SECONDS); // as behind a slow pass
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }
              return List.of();
            },
            s -> s,
            this::count)) {
      // Not started: only wakes make passes.
      for (int i = 0; i < 1000; i++) {
        loop.wake();
      }
      assertThat(firstListing.await(5, TimeUnit.SECONDS)).isTrue();
      // The first pass began (and waits): a wake now needs one more pass, however many come.
      for (int i = 0; i < 1000; i++) {
        loop.wake();
      }
      letListingEnd.countDown();
      await(() -> listings.get() == 2);
      Thread.sleep(300);
      assertThat(listings.get()).as("2,000 wakes, two passes").isEqualTo(2);
    }
  }

  private final CountDownLatch release = new CountDownLatch(1);

  private final AtomicInteger running = new AtomicInteger();
  private final AtomicInteger most = new AtomicInteger();

  /** A loop over item "a" whose steps wait for {@code release}; counts the steps in flight. */
  private ReconcileLoop<String> blockingLoop(int threads) {
    return new ReconcileLoop<>(
        "test",
        LONG_TICK,
        threads,
        () -> List.of("a"),
        s -> s,
        s -> {
          most.accumulateAndGet(running.incrementAndGet(), Math::max);
          try {
            release.await(5, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          count(s);
          running.decrementAndGet();
        });
  }

  @Test
  void anItemIsNeverSteppedTwiceAtOnce() throws Exception {
    try (var loop = blockingLoop(4)) {
      loop.start();
      await(() -> running.get() == 1);
      loop.wake();
      loop.wake();
      Thread.sleep(100);
      release.countDown();
      await(() -> stepsOf("a") >= 1 && running.get() == 0);
    }
    assertThat(most.get()).isEqualTo(1);
  }

  @Test
  void wakesDuringAStepStepTheItemOnceMoreRightAfterIt() throws Exception {
    try (var loop = blockingLoop(2)) {
      loop.start();
      await(() -> running.get() == 1);
      loop.wake();
      loop.wake();
      Thread.sleep(100);
      assertThat(stepsOf("a")).isZero();
      release.countDown();
      await(() -> stepsOf("a") == 2 && running.get() == 0);
      Thread.sleep(200);
      assertThat(stepsOf("a")).as("two wakes, one more step").isEqualTo(2);
    }
    assertThat(most.get()).isEqualTo(1);
  }

  @Test
  void aFailingItemDoesNotStopTheOthersAndIsTriedAgain() throws Exception {
    try (var loop =
        new ReconcileLoop<>(
            "test",
            Duration.ofMillis(20),
            1,
            () -> List.of("broken", "fine"),
            s -> s,
            s -> {
              count(s);
              if (s.equals("broken")) {
                throw new IllegalStateException("boom");
              }
            })) {
      loop.start();
      await(() -> stepsOf("broken") >= 3 && stepsOf("fine") >= 3);
    }
  }

  @Test
  void aFailingListingIsRetriedOnTheNextPass() throws Exception {
    AtomicInteger listings = new AtomicInteger();
    try (var loop =
        new ReconcileLoop<>(
            "test",
            Duration.ofMillis(20),
            1,
            () -> {
              if (listings.incrementAndGet() == 1) {
                throw new IllegalStateException("database away");
              }
              return List.of("a");
            },
            s -> s,
            this::count)) {
      loop.start();
      await(() -> stepsOf("a") >= 1);
    }
  }

  @Test
  void closeLetsARunningStepFinish() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    AtomicInteger finished = new AtomicInteger();
    var loop =
        new ReconcileLoop<>(
            "test",
            LONG_TICK,
            1,
            () -> List.of("a"),
            s -> s,
            s -> {
              started.countDown();
              try {
                Thread.sleep(300);
                finished.incrementAndGet();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    loop.start();
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    loop.close();
    assertThat(finished.get()).isEqualTo(1);
    loop.wake(); // after close: ignored, no exception
  }
}
