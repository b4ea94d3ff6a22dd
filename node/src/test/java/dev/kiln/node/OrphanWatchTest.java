package dev.kiln.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.testing.TestClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrphanWatchTest {
  private final TestClock clock = new TestClock();
  private final List<String> stops = new ArrayList<>();

  @Test
  void silenceShorterThanTheTimeoutKeepsTheNode() {
    OrphanWatch watch = new OrphanWatch(Duration.ofSeconds(5), clock, stops::add);
    clock.advance(Duration.ofMillis(4999));

    assertThat(watch.check()).isFalse();
    assertThat(stops).isEmpty();
  }

  @Test
  void silenceOfTheTimeoutStopsTheNodeOnce() {
    OrphanWatch watch = new OrphanWatch(Duration.ofSeconds(5), clock, stops::add);
    clock.advance(Duration.ofSeconds(5));

    assertThat(watch.check()).isTrue();
    assertThat(watch.check()).isTrue();
    assertThat(stops).hasSize(1);
    assertThat(stops.get(0)).contains("orphan timeout 5 s");
  }

  @Test
  void contactRestartsTheTimeout() {
    OrphanWatch watch = new OrphanWatch(Duration.ofSeconds(5), clock, stops::add);
    clock.advance(Duration.ofSeconds(4));
    watch.contact();
    clock.advance(Duration.ofSeconds(4));

    assertThat(watch.check()).isFalse();
  }

  @Test
  void zeroTimeoutNeverStops() {
    OrphanWatch watch = new OrphanWatch(Duration.ZERO, clock, stops::add);
    clock.advance(Duration.ofDays(1));

    assertThat(watch.check()).isFalse();
  }
}
