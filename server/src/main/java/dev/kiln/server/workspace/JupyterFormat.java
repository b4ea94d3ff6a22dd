package dev.kiln.server.workspace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.workspace.Language;
import dev.kiln.server.api.ApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Jupyter notebooks (nbformat 4, {@code .ipynb}). Code cells keep their source; markdown cells
 * become {@code %md} cells and back. Cell magics that Databricks has as cell magics ({@code %%sql},
 * {@code %%sh}, ...) become Databricks magics. Titles live in Databricks' cell metadata. Outputs
 * are not kept: Kiln stores sources.
 */
public final class JupyterFormat {
  static final String NOTEBOOK_METADATA = "application/vnd.databricks.v1+notebook";
  static final String CELL_METADATA = "application/vnd.databricks.v1+cell";

  private static final ObjectMapper JSON = JsonMapper.builder().build();
  private static final Pattern CELL_MAGIC = Pattern.compile("^%%([A-Za-z]+)");
  private static final Map<String, String> CELL_MAGICS =
      Map.of(
          "sql", "sql",
          "sh", "sh",
          "bash", "sh",
          "scala", "scala",
          "python", "python",
          "r", "r",
          "md", "md",
          "markdown", "md");

  private JupyterFormat() {}

  /**
   * The notebook in an {@code .ipynb} document. Its language comes from the notebook metadata, else
   * {@code fallback}, else Python.
   */
  public static Notebook read(byte[] content, Language fallback) {
    JsonNode root;
    try {
      root = JSON.readTree(content);
    } catch (IOException e) {
      throw ApiException.invalid("The content is not a Jupyter notebook: it is not valid JSON");
    }
    if (root == null || !root.isObject()) {
      throw ApiException.invalid("The content is not a Jupyter notebook: expected a JSON object");
    }
    JsonNode nbformat = root.get("nbformat");
    if (nbformat != null && nbformat.asInt() != 4) {
      throw ApiException.invalid("Only Jupyter notebooks of nbformat 4 can be imported");
    }
    if (!(root.get("cells") instanceof ArrayNode cells)) {
      throw ApiException.invalid("The content is not a Jupyter notebook: it has no 'cells' array");
    }
    Language language =
        language(root.path("metadata")).orElse(fallback == null ? Language.PYTHON : fallback);
    List<Cell> result = new ArrayList<>();
    for (JsonNode cell : cells) {
      result.add(cell(cell));
    }
    return new Notebook(language, result);
  }

  private static Optional<Language> language(JsonNode metadata) {
    for (JsonNode name :
        List.of(
            metadata.path(NOTEBOOK_METADATA).path("language"),
            metadata.path("language_info").path("name"),
            metadata.path("kernelspec").path("language"))) {
      if (name.isTextual() && !name.asText().isBlank()) {
        return Optional.of(
            Languages.byName(name.asText())
                .orElseThrow(
                    () ->
                        ApiException.invalid(
                            "Unsupported notebook language '"
                                + name.asText()
                                + "': Kiln notebooks are Python, Scala, SQL or R")));
      }
    }
    return Optional.empty();
  }

  private static Cell cell(JsonNode cell) {
    if (!cell.isObject()) {
      throw ApiException.invalid("Invalid Jupyter notebook: every cell must be an object");
    }
    String source = source(cell.get("source"));
    JsonNode titleNode = cell.path("metadata").path(CELL_METADATA).path("title");
    String title = titleNode.isTextual() ? titleNode.asText() : null;
    String type = cell.path("cell_type").asText("");
    return switch (type) {
      case "markdown", "raw" -> new Cell(source.isEmpty() ? "%md" : "%md\n" + source, title);
      case "code" -> new Cell(fromCellMagic(source), title);
      default ->
          throw ApiException.invalid("Invalid Jupyter notebook: unknown cell_type '" + type + "'");
    };
  }

  private static String source(JsonNode source) {
    if (source == null || source.isNull()) {
      return "";
    }
    if (source.isTextual()) {
      return source.asText();
    }
    if (source.isArray()) {
      StringBuilder text = new StringBuilder();
      for (JsonNode line : source) {
        if (!line.isTextual()) {
          throw ApiException.invalid("Invalid Jupyter notebook: a cell source must be text");
        }
        text.append(line.asText());
      }
      return text.toString();
    }
    throw ApiException.invalid("Invalid Jupyter notebook: a cell source must be text");
  }

  /** {@code %%sql ...} becomes {@code %sql ...}, as Databricks spells its cell magics. */
  static String fromCellMagic(String source) {
    Matcher m = CELL_MAGIC.matcher(source);
    if (!m.find()) {
      return source;
    }
    String magic = CELL_MAGICS.get(m.group(1).toLowerCase(Locale.ROOT));
    return magic == null ? source : "%" + magic + source.substring(m.end());
  }

  /** The {@code .ipynb} document of a notebook called {@code name}. */
  public static byte[] write(Notebook notebook, String name) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode cells = root.putArray("cells");
    for (Cell cell : notebook.cells()) {
      boolean markdown = "md".equals(cell.magic());
      ObjectNode out = cells.addObject();
      out.put("cell_type", markdown ? "markdown" : "code");
      if (!markdown) {
        out.putNull("execution_count");
      }
      ObjectNode metadata = out.putObject("metadata");
      if (cell.title() != null) {
        metadata.putObject(CELL_METADATA).put("title", cell.title()).put("showTitle", true);
      }
      if (!markdown) {
        out.putArray("outputs");
      }
      ArrayNode source = out.putArray("source");
      lines(markdown ? cell.body() : cell.command()).forEach(source::add);
    }
    Language language = notebook.language();
    ObjectNode metadata = root.putObject("metadata");
    metadata
        .putObject(NOTEBOOK_METADATA)
        .put("language", Languages.magic(language))
        .put("notebookName", name);
    metadata
        .putObject("language_info")
        .put("name", language == Language.R ? "R" : Languages.magic(language));
    root.put("nbformat", 4);
    root.put("nbformat_minor", 0);
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON tree", e);
    }
  }

  /** Jupyter's multi-line text: one string per line, each but the last ending in a newline. */
  static List<String> lines(String text) {
    List<String> lines = new ArrayList<>();
    int from = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
      lines.add(text.substring(from, nl + 1));
      from = nl + 1;
    }
    if (from < text.length()) {
      lines.add(text.substring(from));
    }
    return lines;
  }
}
