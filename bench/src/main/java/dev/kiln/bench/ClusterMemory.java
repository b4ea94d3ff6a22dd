package dev.kiln.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The resident memory of a cluster's processes, by the part each plays. */
final class ClusterMemory {
  private final Map<String, List<Long>> kibByPart = new LinkedHashMap<>();

  void add(String part, long pid) {
    kibByPart.computeIfAbsent(part, p -> new ArrayList<>()).add(Machine.rssKibOrZero(pid));
  }

  long totalKib() {
    return kibByPart.values().stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
  }

  /** "driver node 812 MiB; Worker nodes 230 + 228 MiB; ...; total 1.9 GiB". */
  String summary() {
    List<String> parts = new ArrayList<>();
    kibByPart.forEach(
        (part, kibs) ->
            parts.add(
                part + " " + String.join(" + ", kibs.stream().map(k -> mib(k)).toList()) + " MiB"));
    parts.add(String.format(Locale.ROOT, "total %.2f GiB", totalKib() / 1024.0 / 1024.0));
    return String.join("; ", parts);
  }

  private static String mib(long kib) {
    return String.format(Locale.ROOT, "%.0f", kib / 1024.0);
  }
}
