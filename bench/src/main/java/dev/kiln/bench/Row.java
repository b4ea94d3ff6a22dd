package dev.kiln.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a results table: the benchmark's name, then the cells of its section's columns
 * (without the date, which the report adds).
 */
record Row(Section section, String name, List<String> cells) {
  Row {
    if (cells.size() != section.columns().size() - 2) {
      throw new IllegalArgumentException(name + ": " + cells + " does not fit " + section);
    }
    cells = List.copyOf(cells);
  }

  static Row of(Section section, String name, String... cells) {
    return new Row(section, name, List.of(cells));
  }

  /** A row that says why there is no measurement, such as an endpoint this build lacks. */
  static Row missing(Section section, String name, String why) {
    List<String> cells = new ArrayList<>();
    cells.add(why);
    while (cells.size() < section.columns().size() - 2) {
      cells.add("-");
    }
    return new Row(section, name, cells);
  }
}
