package dev.kiln.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named moments of a start, each over several runs, in the order they were first seen. */
final class Phases {
  private final Map<String, Runs> phases = new LinkedHashMap<>();

  /** One run's moment {@code name}, {@code ms} after the start; negative means not seen. */
  void add(String name, long ms) {
    if (ms >= 0) {
      phases.computeIfAbsent(name, n -> new Runs()).add(ms);
    }
  }

  Runs get(String name) {
    return phases.getOrDefault(name, new Runs());
  }

  /** "Master up 2.9 s, SparkSession up 6.1 s, ..." (medians). */
  String summary() {
    List<String> parts = new ArrayList<>();
    phases.forEach((name, runs) -> parts.add(name + " " + Runs.seconds(runs.median())));
    return parts.isEmpty() ? "-" : String.join(", ", parts);
  }
}
