package dev.kiln.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Durations of repeated runs, in milliseconds, summed up as "median (min-max)". */
final class Runs {
  private final List<Long> millis = new ArrayList<>();

  void add(long ms) {
    millis.add(ms);
  }

  boolean isEmpty() {
    return millis.isEmpty();
  }

  double median() {
    List<Long> sorted = new ArrayList<>(millis);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2.0;
  }

  /** "12.3 s (11.9-13.0 s, 3 runs)". */
  String summary() {
    if (millis.isEmpty()) {
      return "-";
    }
    return String.format(
        Locale.ROOT,
        "%s (%s-%s s, %d runs)",
        seconds(median()),
        seconds(Collections.min(millis)).replace(" s", ""),
        seconds(Collections.max(millis)).replace(" s", ""),
        millis.size());
  }

  /** How much longer {@code kiln}'s median is than {@code bare}'s, as "+12%". */
  static String overhead(Runs kiln, Runs bare) {
    if (kiln.isEmpty() || bare.isEmpty()) {
      return "-";
    }
    return percent(kiln.median(), bare.median());
  }

  static String percent(double kiln, double bare) {
    return String.format(Locale.ROOT, "%+.0f%%", 100 * (kiln - bare) / bare);
  }

  static String seconds(double ms) {
    return String.format(Locale.ROOT, "%.1f s", ms / 1000);
  }
}
