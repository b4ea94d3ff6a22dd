package dev.kiln.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BENCHMARKS.md: one table per {@link Section}. A run replaces the rows it measured, by name, and
 * keeps the others with their dates, so running one benchmark does not erase the rest.
 */
final class Report {
  private static final String INTRO =
      """
      # Benchmarks

      Speed and memory of the control plane, measured by `./kiln bench [names...]` (names: %s;
      none means all). It builds Kiln if needed, starts the packaged server as a child process on a
      fresh home with the embedded H2 store, runs the benchmarks against 127.0.0.1 only, stops the
      server, and rewrites this file, keeping the rows of benchmarks it did not run. Client and
      server share the machine. Tests assert behaviour; these numbers only measure, and no test
      fails on them.
      """;

  /** Rows by section, each row with all its cells, keyed by its name. */
  private final Map<Section, Map<String, List<String>>> rows = new EnumMap<>(Section.class);

  private Report() {
    for (Section s : Section.values()) {
      rows.put(s, new LinkedHashMap<>());
    }
  }

  /** The rows of an existing file, or none. */
  static Report read(Path file) throws IOException {
    Report report = new Report();
    if (!Files.exists(file)) {
      return report;
    }
    Section section = null;
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("## ")) {
        section =
            Arrays.stream(Section.values())
                .filter(s -> line.substring(3).trim().equals(s.title()))
                .findFirst()
                .orElse(null);
      } else if (section != null && line.startsWith("|") && !line.startsWith("|--")) {
        List<String> cells = cells(line);
        if (cells.size() == section.columns().size() && !cells.equals(section.columns())) {
          report.rows.get(section).put(cells.get(0), cells);
        }
      }
    }
    return report;
  }

  private static List<String> cells(String line) {
    String inner = line.trim().substring(1);
    if (inner.endsWith("|")) {
      inner = inner.substring(0, inner.length() - 1);
    }
    return Arrays.stream(inner.split("\\|", -1)).map(String::trim).toList();
  }

  /** Adds or replaces the rows of this run, dated {@code date}. */
  void put(List<Row> fresh, String date) {
    for (Row row : fresh) {
      List<String> cells = new ArrayList<>();
      cells.add(row.name());
      cells.addAll(row.cells());
      cells.add(date);
      rows.get(row.section()).put(row.name(), cells.stream().map(Report::clean).toList());
    }
  }

  /** Table cells are single lines without pipes. */
  private static String clean(String cell) {
    return cell.replace('|', '/').replaceAll("\\s+", " ").trim();
  }

  /** The whole file. */
  String markdown(List<String> benchmarkNames, String lastRun) {
    StringBuilder md =
        new StringBuilder(INTRO.formatted(String.join(", ", benchmarkNames)))
            .append('\n')
            .append("Last run: ")
            .append(lastRun)
            .append('\n');
    for (Section s : Section.values()) {
      md.append("\n## ").append(s.title()).append("\n\n");
      md.append(s.about()).append("\n\n");
      md.append(table(s, rows.get(s).values()));
    }
    return md.toString();
  }

  /** One section's table, also what the console shows. */
  static String table(Section section, Iterable<List<String>> lines) {
    StringBuilder t = new StringBuilder();
    t.append(line(section.columns()));
    t.append(line(section.columns().stream().map(c -> "---").toList()));
    lines.forEach(cells -> t.append(line(cells)));
    return t.toString();
  }

  private static String line(List<String> cells) {
    return "| " + String.join(" | ", cells) + " |\n";
  }

  /** The rows of {@code fresh} in {@code section}, with their date, for the console. */
  static List<List<String>> lines(Section section, List<Row> fresh, String date) {
    Report only = new Report();
    only.put(fresh, date);
    return List.copyOf(only.rows.get(section).values());
  }
}
