package dev.kiln.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.workspace.Language;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of the notebook formats over many generated notebooks, built from the pieces that
 * trouble them: separators, headers and magic and title lines of every language, magics, blank
 * lines, newlines at either end, non-ASCII text.
 */
class NotebookRoundTripTest {
  private static final int RUNS = 3000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PIECES =
      List.of(
          "x = 1",
          "print('héllo ✓')",
          "SELECT *",
          "",
          " ",
          "\t",
          "%md",
          "%sql",
          "%python",
          "%r",
          "%run ./a",
          "%pip install y",
          "%md-sandbox",
          "%%sql",
          "%%bash",
          "%%time",
          "# MAGIC",
          "# MAGIC %md",
          "# MAGIC ",
          "-- MAGIC %sql",
          "// MAGIC",
          "# COMMAND ----------",
          "-- COMMAND ----------",
          "// COMMAND ----------",
          "# DBTITLE 1,t",
          "-- DBTITLE 1,",
          "// DBTITLE 0,x",
          "# Databricks notebook source",
          "-- Databricks notebook source",
          "COMMAND ----------");
  private static final List<String> GLUE = List.of("", "\n", "\n", "\n\n", " ");
  private static final List<Language> LANGUAGES = List.of(Language.values());
  private static final List<String> TITLES = List.of("T", "a title", " spaced ", "two\nlines", "ü");

  private static String command(Random random) {
    if (random.nextInt(6) == 0) {
      return magicLookalike(random);
    }
    StringBuilder out = new StringBuilder();
    int pieces = random.nextInt(7);
    for (int i = 0; i < pieces; i++) {
      out.append(i == 0 && random.nextBoolean() ? "" : GLUE.get(random.nextInt(GLUE.size())));
      out.append(PIECES.get(random.nextInt(PIECES.size())));
    }
    if (random.nextInt(3) == 0) {
      out.append(GLUE.get(random.nextInt(GLUE.size())));
    }
    return out.toString();
  }

  /** Lines that all look like a SOURCE magic cell of some language, maybe with a final newline. */
  private static String magicLookalike(Random random) {
    String prefix = List.of("#", "//", "--").get(random.nextInt(3)) + " MAGIC";
    StringBuilder out = new StringBuilder(prefix).append(" %md");
    int lines = random.nextInt(3);
    for (int i = 0; i < lines; i++) {
      out.append('\n').append(prefix).append(random.nextBoolean() ? "" : " text");
    }
    return out.append(random.nextBoolean() ? "\n" : "").toString();
  }

  private static Notebook notebook(Random random) {
    Language language = LANGUAGES.get(random.nextInt(LANGUAGES.size()));
    List<Cell> cells = new ArrayList<>();
    int count = random.nextInt(7);
    for (int i = 0; i < count; i++) {
      String title = random.nextInt(10) < 3 ? TITLES.get(random.nextInt(TITLES.size())) : null;
      cells.add(new Cell(command(random), title));
    }
    return new Notebook(language, cells, random.nextBoolean());
  }

  @Test
  void sourceWrittenByTheConventionsReadsAndWritesBackByteForByte() {
    Random random = new Random(1);
    for (int run = 0; run < RUNS; run++) {
      String text = SourceFormat.write(notebook(random));
      Notebook parsed = SourceFormat.parse(text, language(text));
      assertThat(SourceFormat.write(parsed)).as("run %d: %s", run, text).isEqualTo(text);
    }
  }

  /** The language whose header starts {@code text}. */
  private static Language language(String text) {
    if (text.startsWith("//")) {
      return Language.SCALA;
    }
    if (text.startsWith("--")) {
      return Language.SQL;
    }
    return Language.PYTHON;
  }

  @Test
  void everyCellSurvivesSourceAsItWasOrEscapedAsALanguageMagic() {
    Random random = new Random(2);
    for (int run = 0; run < RUNS; run++) {
      Notebook notebook = notebook(random);
      Notebook back = SourceFormat.parse(SourceFormat.write(notebook), notebook.language());
      assertThat(back.cells()).as("run %d: %s", run, notebook).hasSameSizeAs(notebook.cells());
      assertThat(back.finalNewline()).isEqualTo(notebook.finalNewline());
      for (int i = 0; i < back.cells().size(); i++) {
        Cell in = notebook.cells().get(i);
        Cell out = back.cells().get(i);
        assertThat(out.title()).isEqualTo(in.title());
        assertThat(out.command())
            .as("run %d cell %d", run, i)
            .isIn(in.command(), "%" + Languages.magic(notebook.language()) + "\n" + in.command());
      }
      // What was read once is read the same way ever after.
      assertThat(SourceFormat.parse(SourceFormat.write(back), back.language())).isEqualTo(back);
    }
  }

  @Test
  void anySourceTextKeepsOneCellPerSeparatorAndSettlesAfterOneRead() {
    Random random = new Random(3);
    for (int run = 0; run < RUNS; run++) {
      Language language = LANGUAGES.get(random.nextInt(LANGUAGES.size()));
      String sep = SourceFormat.separator(language);
      StringBuilder text =
          new StringBuilder(random.nextInt(4) == 0 ? "" : SourceFormat.header(language) + "\n");
      int cells = 1 + random.nextInt(5);
      for (int i = 0; i < cells; i++) {
        text.append(i == 0 ? "" : sep).append(command(random).replace(sep, "\n"));
      }
      String raw = text.toString();
      String header = SourceFormat.header(language);
      String body = raw.startsWith(header + "\n") ? raw.substring(header.length() + 1) : raw;
      int expected = raw.equals(header) ? 0 : SourceFormat.split(body, sep).size();
      Notebook parsed = SourceFormat.parse(raw, language);
      assertThat(parsed.cells()).as("run %d: %s", run, raw).hasSize(expected);
      String once = SourceFormat.write(parsed);
      assertThat(SourceFormat.write(SourceFormat.parse(once, language))).isEqualTo(once);
    }
  }

  /** What a cell becomes in Jupyter and back: markdown drops the spelling of its magic line. */
  private static Cell viaJupyter(Cell cell) {
    if ("md".equals(cell.magic())) {
      String body = cell.body();
      return new Cell(body.isEmpty() ? "%md" : "%md\n" + body, cell.title());
    }
    return new Cell(JupyterFormat.fromCellMagic(cell.command()), cell.title());
  }

  @Test
  void jupyterKeepsEveryCellAndItsOwnDocumentsExactly() {
    Random random = new Random(4);
    for (int run = 0; run < RUNS; run++) {
      Notebook notebook = notebook(random);
      byte[] doc = JupyterFormat.write(notebook, "n");
      Notebook read = JupyterFormat.read(doc, null);
      assertThat(read.language()).isEqualTo(notebook.language());
      assertThat(read.cells())
          .as("run %d", run)
          .isEqualTo(notebook.cells().stream().map(NotebookRoundTripTest::viaJupyter).toList());
      // JUPYTER -> cells -> JUPYTER is exact once a document is in Jupyter's terms.
      byte[] again = JupyterFormat.write(read, "n");
      assertThat(JupyterFormat.write(JupyterFormat.read(again, null), "n")).isEqualTo(again);
    }
  }

  @Test
  void foreignJupyterDocumentsKeepEveryCellsTypeAndSource() throws IOException {
    Random random = new Random(5);
    for (int run = 0; run < RUNS; run++) {
      ObjectNode doc = JSON.createObjectNode();
      ArrayNode cells = doc.putArray("cells");
      int count = random.nextInt(6);
      for (int i = 0; i < count; i++) {
        ObjectNode cell = cells.addObject();
        boolean markdown = random.nextBoolean();
        cell.put("cell_type", markdown ? "markdown" : "code");
        cell.putObject("metadata");
        String source = command(random);
        while (!markdown && (source.startsWith("%md") || source.startsWith("%%"))) {
          source = source.substring(1);
        }
        ArrayNode lines = cell.putArray("source");
        JupyterFormat.lines(source).forEach(lines::add);
      }
      doc.put("nbformat", 4);
      Notebook read = JupyterFormat.read(JSON.writeValueAsBytes(doc), null);
      JsonNode written = JSON.readTree(JupyterFormat.write(read, "n"));
      assertThat(written.path("cells")).hasSize(count);
      for (int i = 0; i < count; i++) {
        JsonNode in = cells.get(i);
        JsonNode out = written.path("cells").get(i);
        assertThat(out.path("cell_type").asText()).isEqualTo(in.path("cell_type").asText());
        assertThat(out.path("source")).as("run %d cell %d", run, i).isEqualTo(in.path("source"));
      }
      assertThat(JupyterFormat.read(JSON.writeValueAsBytes(written), null)).isEqualTo(read);
    }
  }

  @Test
  void sourceToJupyterToSourceKeepsEveryCell() {
    Random random = new Random(6);
    for (int run = 0; run < RUNS; run++) {
      Notebook notebook = notebook(random);
      Language language = notebook.language();
      Notebook fromSource = SourceFormat.parse(SourceFormat.write(notebook), language);
      byte[] ipynb = JupyterFormat.write(fromSource, "n");
      Notebook back =
          SourceFormat.parse(SourceFormat.write(JupyterFormat.read(ipynb, null)), language);
      assertThat(back.cells()).as("run %d", run).hasSameSizeAs(notebook.cells());
      for (int i = 0; i < back.cells().size(); i++) {
        Cell expected = viaJupyter(fromSource.cells().get(i));
        assertThat(back.cells().get(i).title()).isEqualTo(expected.title());
        assertThat(back.cells().get(i).command())
            .as("run %d cell %d", run, i)
            .isIn(expected.command(), "%" + Languages.magic(language) + "\n" + expected.command());
      }
      assertThat(ipynb.length).isPositive();
    }
  }
}
