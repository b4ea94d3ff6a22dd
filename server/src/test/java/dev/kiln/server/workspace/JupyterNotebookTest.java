package dev.kiln.server.workspace;

import static dev.kiln.server.testing.ApiErrors.assertFailsWith;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.workspace.Language;
import dev.kiln.server.api.ErrorCode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class JupyterNotebookTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A notebook as Jupyter writes it: list sources, outputs, a raw cell, IPython cell magics. */
  static final String IPYNB =
      """
      {
       "cells": [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Title\\n", "\\n", "Some *text*."]},
        {"cell_type": "code", "execution_count": 3, "metadata": {},
         "outputs": [{"output_type": "stream", "name": "stdout", "text": ["2\\n"]}],
         "source": ["x = 1\\n", "print(x + 1)"]},
        {"cell_type": "code", "execution_count": null, "metadata": {
          "application/vnd.databricks.v1+cell": {"title": "Totals", "showTitle": true}},
         "outputs": [], "source": "%%sql\\nSELECT 1"},
        {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
         "source": ["%%bash\\n", "ls"]},
        {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
         "source": ["%%time\\n", "sum(range(10))"]},
        {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [], "source": []},
        {"cell_type": "raw", "metadata": {}, "source": "raw text"}
       ],
       "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python", "version": "3.11.4"}
       },
       "nbformat": 4,
       "nbformat_minor": 5
      }
      """;

  @Test
  void readsCellsTitlesAndCellMagics() {
    Notebook notebook = JupyterFormat.read(IPYNB.getBytes(UTF_8), null);
    assertThat(notebook.language()).isEqualTo(Language.PYTHON);
    assertThat(notebook.cells())
        .containsExactly(
            Cell.of("%md\n# Title\n\nSome *text*."),
            Cell.of("x = 1\nprint(x + 1)"),
            new Cell("%sql\nSELECT 1", "Totals"),
            Cell.of("%sh\nls"),
            Cell.of("%%time\nsum(range(10))"),
            Cell.of(""),
            Cell.of("%md\nraw text"));
  }

  @Test
  void writesCodeMagicAndMarkdownCellsAsDatabricksDoes() throws IOException {
    Notebook notebook = JupyterFormat.read(IPYNB.getBytes(UTF_8), null);
    JsonNode out = JSON.readTree(JupyterFormat.write(notebook, "report"));
    assertThat(out.path("nbformat").asInt()).isEqualTo(4);
    assertThat(out.at("/metadata/language_info/name").asText()).isEqualTo("python");
    assertThat(out.at("/metadata/application~1vnd.databricks.v1+notebook/notebookName").asText())
        .isEqualTo("report");
    JsonNode cells = out.path("cells");
    assertThat(cells).hasSize(7);
    assertThat(cells.get(0).path("cell_type").asText()).isEqualTo("markdown");
    assertThat(cells.get(0).path("source"))
        .extracting(JsonNode::asText)
        .containsExactly("# Title\n", "\n", "Some *text*.");
    assertThat(cells.get(0).has("outputs")).isFalse();
    assertThat(cells.get(1).path("cell_type").asText()).isEqualTo("code");
    assertThat(cells.get(1).path("outputs").isArray()).isTrue();
    assertThat(cells.get(1).path("execution_count").isNull()).isTrue();
    assertThat(cells.get(2).path("source"))
        .extracting(JsonNode::asText)
        .containsExactly("%sql\n", "SELECT 1");
    assertThat(cells.get(2).at("/metadata/application~1vnd.databricks.v1+cell/title").asText())
        .isEqualTo("Totals");
    assertThat(cells.get(5).path("source")).isEmpty();
  }

  @Test
  void readingWhatWasWrittenGivesTheSameNotebook() {
    Notebook notebook = JupyterFormat.read(IPYNB.getBytes(UTF_8), null);
    for (Language language : Language.values()) {
      Notebook in = new Notebook(language, notebook.cells());
      assertThat(JupyterFormat.read(JupyterFormat.write(in, "n"), null)).isEqualTo(in);
    }
  }

  @Test
  void markdownCellsLoseOnlyTheirMagicLine() {
    Notebook notebook =
        new Notebook(
            Language.SQL,
            List.of(
                Cell.of("%md"),
                Cell.of("%md\n\nx\n"),
                Cell.of("%md # One line"),
                Cell.of("%md-sandbox\n<b>")));
    Notebook back = JupyterFormat.read(JupyterFormat.write(notebook, "n"), null);
    assertThat(back.cells())
        .containsExactly(
            Cell.of("%md"),
            Cell.of("%md\n\nx\n"),
            Cell.of("%md\n# One line"),
            Cell.of("%md-sandbox\n<b>"));
  }

  @Test
  void languageComesFromDatabricksMetadataThenLanguageInfoThenKernelspecThenTheCaller() {
    assertThat(
            language(
                "{\"application/vnd.databricks.v1+notebook\":{\"language\":\"scala\"},"
                    + "\"language_info\":{\"name\":\"python\"}}",
                null))
        .isEqualTo(Language.SCALA);
    assertThat(language("{\"language_info\":{\"name\":\"R\"}}", null)).isEqualTo(Language.R);
    assertThat(language("{\"kernelspec\":{\"language\":\"sql\"}}", null)).isEqualTo(Language.SQL);
    assertThat(language("{}", Language.SCALA)).isEqualTo(Language.SCALA);
    assertThat(language("{}", null)).isEqualTo(Language.PYTHON);
    assertInvalid("{\"cells\":[],\"metadata\":{\"language_info\":{\"name\":\"julia\"}}}");
  }

  private static Language language(String metadata, Language fallback) {
    String doc = "{\"cells\":[],\"metadata\":" + metadata + ",\"nbformat\":4}";
    return JupyterFormat.read(doc.getBytes(UTF_8), fallback).language();
  }

  @Test
  void refusesWhatIsNotANotebook() {
    assertInvalid("not json");
    assertInvalid("[1, 2]");
    assertInvalid("{\"nbformat\": 4}");
    assertInvalid("{\"nbformat\": 3, \"worksheets\": []}");
    assertInvalid("{\"cells\": [{\"cell_type\": \"widget\", \"source\": \"\"}]}");
    assertInvalid("{\"cells\": [{\"cell_type\": \"code\", \"source\": [1]}]}");
    assertInvalid("{\"cells\": [{\"cell_type\": \"code\", \"source\": {}}]}");
    assertInvalid("{\"cells\": [7]}");
  }

  private static void assertInvalid(String doc) {
    assertFailsWith(
        () -> JupyterFormat.read(doc.getBytes(UTF_8), null), ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void cellMagicsBecomeDatabricksMagics() {
    assertThat(JupyterFormat.fromCellMagic("%%SQL select 1")).isEqualTo("%sql select 1");
    assertThat(JupyterFormat.fromCellMagic("%%R\nx <- 1")).isEqualTo("%r\nx <- 1");
    assertThat(JupyterFormat.fromCellMagic("%%markdown\n# x")).isEqualTo("%md\n# x");
    assertThat(JupyterFormat.fromCellMagic("%%capture\nx")).isEqualTo("%%capture\nx");
    assertThat(JupyterFormat.fromCellMagic("%sql\nx")).isEqualTo("%sql\nx");
  }

  @Test
  void linesKeepTheirNewlines() {
    assertThat(JupyterFormat.lines("")).isEmpty();
    assertThat(JupyterFormat.lines("a")).containsExactly("a");
    assertThat(JupyterFormat.lines("a\n")).containsExactly("a\n");
    assertThat(JupyterFormat.lines("a\n\nb")).containsExactly("a\n", "\n", "b");
  }
}
