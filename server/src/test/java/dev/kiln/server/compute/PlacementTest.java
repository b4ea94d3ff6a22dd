package dev.kiln.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.server.compute.Placement.Verdict;
import org.junit.jupiter.api.Test;

class PlacementTest {
  /** 8 vCPUs and 9000 MB to give. */
  private static final HostCapacity HOST = new HostCapacity(8, 9000);

  private static final Resources SMALL_NODE = new Resources(1, 2048);

  @Test
  void aRequestFitsWhenBothCoresAndMemoryAreFree() {
    Verdict v = Placement.decide(HOST, SMALL_NODE.times(2), SMALL_NODE.times(2), 0);
    assertThat(v).isInstanceOf(Verdict.Fits.class);
  }

  @Test
  void aRequestThatFillsTheHostExactlyFits() {
    Verdict v = Placement.decide(HOST, new Resources(4, 4000), new Resources(4, 5000), 0);
    assertThat(v).isInstanceOf(Verdict.Fits.class);
  }

  @Test
  void memoryIsNeverOvercommitted() {
    Verdict v = Placement.decide(HOST, SMALL_NODE.times(2), SMALL_NODE.times(3), 0);
    assertThat(v).isInstanceOf(Verdict.Wait.class);
    assertThat(((Verdict.Wait) v).why())
        .isEqualTo(
            "it needs 6144 MB and 3 cores and 4904 MB and 6 cores of this host's 9000 MB and 8"
                + " cores are free");
  }

  @Test
  void coresAreNeverOvercommittedEither() {
    Verdict v = Placement.decide(HOST, new Resources(7, 100), new Resources(2, 100), 0);
    assertThat(v).isInstanceOf(Verdict.Wait.class);
  }

  @Test
  void aRequestLargerThanTheWholeHostCanNeverFit() {
    Verdict v = Placement.decide(HOST, Resources.NONE, SMALL_NODE.times(5), 0);
    assertThat(v).isInstanceOf(Verdict.Never.class);
    assertThat(((Verdict.Never) v).why())
        .isEqualTo(
            "it needs 10240 MB and 5 cores but this host can give at most 9000 MB and 8 cores");
    assertThat(Placement.decide(HOST, Resources.NONE, new Resources(9, 1), 0))
        .isInstanceOf(Verdict.Never.class);
  }

  @Test
  void neverFitsIsDecidedBeforeTheQueueAndWhatIsPlaced() {
    assertThat(Placement.decide(HOST, SMALL_NODE.times(4), SMALL_NODE.times(5), 3))
        .isInstanceOf(Verdict.Never.class);
  }

  @Test
  void aRequestWaitsBehindRequestsThatCameEarlierEvenWhenItWouldFit() {
    Verdict v = Placement.decide(HOST, Resources.NONE, SMALL_NODE, 2);
    assertThat(v).isInstanceOf(Verdict.Wait.class);
    assertThat(((Verdict.Wait) v).why()).contains("2 requests that came earlier wait for room");
  }

  @Test
  void overcommittedUsageReportsNoNegativeFreeRoom() {
    Verdict v = Placement.decide(HOST, new Resources(10, 10000), SMALL_NODE, 0);
    assertThat(((Verdict.Wait) v).why()).contains("0 MB and 0 cores of this host's");
  }

  @Test
  void howManyNodesFitCountsTheScarcerDimension() {
    assertThat(new Resources(8, 9000).howMany(SMALL_NODE)).isEqualTo(4);
    assertThat(new Resources(2, 9000).howMany(SMALL_NODE)).isEqualTo(2);
    assertThat(new Resources(-1, 9000).howMany(SMALL_NODE)).isZero();
  }
}
