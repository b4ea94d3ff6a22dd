package dev.kiln.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints results: aligned tables for people, or the API objects as JSON for scripts. */
final class Output {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
          .enable(SerializationFeature.INDENT_OUTPUT);

  private final PrintStream out;
  private final boolean json;

  Output(PrintStream out, boolean json) {
    this.out = out;
    this.json = json;
  }

  boolean json() {
    return json;
  }

  /** Prints an SDK object (or list of them) as JSON, with the API's own field names. */
  void printJson(Object value) {
    try {
      out.println(JSON.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new CliFailure("cannot write JSON: " + e.getOriginalMessage());
    }
  }

  /** JSON of {@code items}, or a table of {@code rows} (no header when {@code header} is null). */
  void print(Object items, List<String> header, List<List<String>> rows) {
    if (json) {
      printJson(items);
      return;
    }
    List<List<String>> all = new ArrayList<>();
    if (header != null) {
      all.add(header);
    }
    all.addAll(rows);
    if (all.isEmpty()) {
      return;
    }
    int columns = all.get(0).size();
    int[] widths = new int[columns];
    for (List<String> row : all) {
      for (int i = 0; i < columns; i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    for (List<String> row : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        String cell = row.get(i);
        line.append(cell);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - cell.length() + 2));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }

  /** A plain line of text output, skipped in JSON mode. */
  void line(String text) {
    if (!json) {
      out.println(text);
    }
  }

  static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
