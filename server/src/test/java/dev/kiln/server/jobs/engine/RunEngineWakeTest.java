package dev.kiln.server.jobs.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.server.config.KilnConfig;
import dev.kiln.server.jobs.tasks.RunClusters;
import dev.kiln.server.store.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Wakes of the run engine: a burst of them costs one pass, and none is lost. */
class RunEngineWakeTest {
  @TempDir Path home;

  @Test
  void wakesBeforeAPassBeginsShareItAndAWakeDuringAPassGetsAnother() throws Exception {
    try (Database db = Database.open(KilnConfig.defaults(home));
        RunEngine engine =
            new RunEngine(
                db.jdbi(),
                Clock.systemUTC(),
                Duration.ofHours(1),
                new RunClusters(db.jdbi(), null))) {
      // No ticks (an hour apart, and the engine is not started): only wakes make passes.
      synchronized (engine) { // a pass that begins waits here, as behind a slow pass
        for (int i = 0; i < 1000; i++) {
          engine.wake();
        }
        awaitPasses(engine, 1);
        // The first pass began (and waits): a wake now needs one more pass, however many come.
        for (int i = 0; i < 1000; i++) {
          engine.wake();
        }
      }
      awaitPasses(engine, 2);
      Thread.sleep(300);
      assertThat(engine.wokenPasses()).isEqualTo(2);
    }
  }

  /** Waits until wakes began {@code n} passes (counted before a pass takes the engine's lock). */
  private static void awaitPasses(RunEngine engine, long n) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (engine.wokenPasses() < n && System.nanoTime() < end) {
      Thread.sleep(5);
    }
    assertThat(engine.wokenPasses()).isGreaterThanOrEqualTo(n);
  }
}
