package dev.kiln.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every latency of a run, in nanoseconds, sorted: exact percentiles without a histogram library, at
 * 8 bytes a request (a 10 s run of a few thousand req/s is well under a megabyte).
 */
final class Latencies {
  private final long[] sorted;

  private Latencies(long[] sorted) {
    this.sorted = sorted;
  }

  /** One client's recording, not shared between threads. */
  static final class Recorder {
    private long[] samples = new long[4096];
    private int count;

    void add(long nanos) {
      if (count == samples.length) {
        samples = Arrays.copyOf(samples, count * 2);
      }
      samples[count++] = nanos;
    }
  }

  static Latencies merge(List<Recorder> recorders) {
    long[] all = new long[recorders.stream().mapToInt(r -> r.count).sum()];
    int at = 0;
    for (Recorder r : recorders) {
      System.arraycopy(r.samples, 0, all, at, r.count);
      at += r.count;
    }
    Arrays.sort(all);
    return new Latencies(all);
  }

  int count() {
    return sorted.length;
  }

  /** The latency that {@code fraction} of the requests did not exceed (nearest rank), in ms. */
  String percentileMs(double fraction) {
    if (sorted.length == 0) {
      return "-";
    }
    int rank = (int) Math.ceil(fraction * sorted.length);
    return ms(sorted[Math.max(0, rank - 1)]);
  }

  /** Like {@link #percentileMs}, as a number of ms. */
  double millis(double fraction) {
    if (sorted.length == 0) {
      throw new IllegalStateException("no latencies");
    }
    int rank = (int) Math.ceil(fraction * sorted.length);
    return sorted[Math.max(0, rank - 1)] / 1e6;
  }

  String maxMs() {
    return sorted.length == 0 ? "-" : ms(sorted[sorted.length - 1]);
  }

  private static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e6);
  }
}
