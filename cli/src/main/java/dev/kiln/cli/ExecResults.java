package dev.kiln.cli;

import com.databricks.sdk.service.compute.ResultType;
import com.databricks.sdk.service.compute.Results;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Prints a command's results: tables for people, text as is, errors on stderr. */
final class ExecResults {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExecResults() {}

  /**
   * Prints {@code results} (the API's object as JSON in JSON mode); answers the exit code: 1 for an
   * error result, 0 otherwise.
   */
  static int print(
      Results results, Output output, PrintStream out, PrintStream err, boolean verbose) {
    if (output.json()) {
      output.printJson(results == null ? Map.of() : results);
    }
    if (results == null) {
      return 0;
    }
    ResultType type = results.getResultType();
    if (type == ResultType.ERROR) {
      String summary = results.getSummary();
      String cause = results.getCause();
      if (summary == null || summary.isBlank()) {
        summary =
            cause == null ? "the command failed" : cause.strip().lines().findFirst().orElse("");
      }
      err.println("Error: " + summary.strip());
      if (verbose && cause != null && !cause.isBlank()) {
        err.println(cause.stripTrailing());
      }
      err.flush();
      return Kiln.FAILED;
    }
    if (output.json()) {
      return 0;
    }
    if (type == ResultType.TABLE) {
      table(results, output, out);
    } else if (type == ResultType.TEXT) {
      String text = results.getData() == null ? "" : results.getData().toString();
      if (!text.isEmpty()) {
        out.print(text.endsWith("\n") ? text : text + "\n");
      }
    } else if (type == ResultType.IMAGE || type == ResultType.IMAGES) {
      out.println(
          "(image"
              + (results.getFileNames() != null
                  ? "s " + results.getFileNames()
                  : " " + Output.text(results.getFileName()))
              + ")");
    } else if (results.getData() != null) {
      out.println(results.getData());
    }
    out.flush();
    return 0;
  }

  private static void table(Results results, Output output, PrintStream out) {
    List<String> header = new ArrayList<>();
    if (results.getSchema() != null) {
      for (Map<String, Object> column : results.getSchema()) {
        header.add(Output.text(column.get("name")));
      }
    }
    List<List<String>> rows = new ArrayList<>();
    if (results.getData() instanceof Collection<?> data) {
      for (Object row : data) {
        List<String> cells = new ArrayList<>();
        if (row instanceof Collection<?> values) {
          values.forEach(v -> cells.add(cell(v)));
        } else {
          cells.add(cell(row));
        }
        while (cells.size() < header.size()) {
          cells.add("");
        }
        rows.add(cells);
      }
    }
    if (header.isEmpty() && !rows.isEmpty()) {
      rows.get(0).forEach(c -> header.add(""));
    }
    rows.replaceAll(r -> r.size() > header.size() ? r.subList(0, header.size()) : r);
    output.print(results, header.isEmpty() ? null : header, rows);
    boolean truncated = Boolean.TRUE.equals(results.getTruncated());
    out.println(
        "("
            + rows.size()
            + (rows.size() == 1 ? " row" : " rows")
            + (truncated ? ", truncated" : "")
            + ")");
  }

  private static String cell(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Collection<?> || value instanceof Map<?, ?>) {
      try {
        return JSON.writeValueAsString(value);
      } catch (JsonProcessingException e) {
        return value.toString();
      }
    }
    return value.toString();
  }
}
