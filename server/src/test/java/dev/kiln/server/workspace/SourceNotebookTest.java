package dev.kiln.server.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.workspace.Language;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SourceNotebookTest {
  /**
   * A Python notebook as Databricks exports it: titles, magics, empty magic lines, no final EOL.
   */
  static final String PYTHON =
      """
      # Databricks notebook source
      # MAGIC %md
      # MAGIC # Sales report
      # MAGIC
      # MAGIC Reads the **raw** table.

      # COMMAND ----------

      # DBTITLE 1,Load the data
      df = spark.read.table("raw.sales")
      display(df)

      # COMMAND ----------

      # MAGIC %sql
      # MAGIC SELECT region, sum(amount)
      # MAGIC FROM raw.sales
      # MAGIC GROUP BY region

      # COMMAND ----------

      # MAGIC %run ./helpers

      # COMMAND ----------

      # MAGIC %pip install requests==2.31.0

      # COMMAND ----------

      def f(x):

          return x + 1\
      """;

  @Test
  void parsesADatabricksPythonExportIntoItsCells() {
    Notebook notebook = SourceFormat.parse(PYTHON, Language.PYTHON);
    assertThat(notebook.language()).isEqualTo(Language.PYTHON);
    assertThat(notebook.cells())
        .containsExactly(
            Cell.of("%md\n# Sales report\n\nReads the **raw** table."),
            new Cell("df = spark.read.table(\"raw.sales\")\ndisplay(df)", "Load the data"),
            Cell.of("%sql\nSELECT region, sum(amount)\nFROM raw.sales\nGROUP BY region"),
            Cell.of("%run ./helpers"),
            Cell.of("%pip install requests==2.31.0"),
            Cell.of("def f(x):\n\n    return x + 1"));
  }

  @Test
  void writesItBackByteForByte() {
    assertThat(SourceFormat.write(SourceFormat.parse(PYTHON, Language.PYTHON))).isEqualTo(PYTHON);
  }

  @Test
  void cellsKnowTheirMagicBodyAndLanguage() {
    List<Cell> cells = SourceFormat.parse(PYTHON, Language.PYTHON).cells();
    assertThat(cells)
        .extracting(Cell::magic)
        .containsExactly("md", null, "sql", "run", "pip", null);
    assertThat(cells.get(2).body()).startsWith("SELECT region");
    assertThat(cells.get(3).body()).isEqualTo("./helpers");
    assertThat(cells)
        .extracting(c -> c.language(Language.PYTHON))
        .containsExactly(null, Language.PYTHON, Language.SQL, null, null, Language.PYTHON);
  }

  static final String SCALA =
      """
      // Databricks notebook source
      val x = 1

      // COMMAND ----------

      // DBTITLE 1,Python here
      // MAGIC %python
      // MAGIC print(1)
      // MAGIC
      // MAGIC print(2)

      // COMMAND ----------

      // MAGIC %sh ls /tmp
      """;

  static final String SQL =
      """
      -- Databricks notebook source
      SELECT 1

      -- COMMAND ----------

      -- MAGIC %md ## Heading

      -- COMMAND ----------

      -- MAGIC %scala
      -- MAGIC spark.range(3).show()\
      """;

  static final String R =
      """
      # Databricks notebook source
      library(SparkR)

      # COMMAND ----------

      # MAGIC %fs ls /databricks-datasets\
      """;

  @Test
  void scalaSqlAndRNotebooksUseTheirOwnCommentSyntax() {
    Notebook scala = SourceFormat.parse(SCALA, Language.SCALA);
    assertThat(scala.cells())
        .containsExactly(
            Cell.of("val x = 1"),
            new Cell("%python\nprint(1)\n\nprint(2)", "Python here"),
            Cell.of("%sh ls /tmp"));
    assertThat(SourceFormat.parse(SQL, Language.SQL).cells())
        .containsExactly(
            Cell.of("SELECT 1"),
            Cell.of("%md ## Heading"),
            Cell.of("%scala\nspark.range(3).show()"));
    assertThat(SourceFormat.parse(R, Language.R).cells())
        .containsExactly(Cell.of("library(SparkR)"), Cell.of("%fs ls /databricks-datasets"));
    for (var e :
        List.of(
            List.of(SCALA, Language.SCALA), List.of(SQL, Language.SQL), List.of(R, Language.R))) {
      String text = (String) e.get(0);
      Language language = (Language) e.get(1);
      assertThat(SourceFormat.write(SourceFormat.parse(text, language))).isEqualTo(text);
    }
  }

  @Test
  void aFinalNewlineAfterAMagicCellIsTheNotebooksAndAfterCodeTheCells() {
    // The Scala sample ends in a newline after a magic cell, as files saved by editors do.
    Notebook scala = SourceFormat.parse(SCALA, Language.SCALA);
    assertThat(scala.finalNewline()).isTrue();
    assertThat(scala.cells().get(2).magic()).isEqualTo("sh");
    String plain = "# Databricks notebook source\nprint(1)\n";
    Notebook code = SourceFormat.parse(plain, Language.PYTHON);
    assertThat(code.finalNewline()).isFalse();
    assertThat(code.cells()).containsExactly(Cell.of("print(1)\n"));
    assertThat(SourceFormat.write(code)).isEqualTo(plain);
    // A magic cell that itself ends in an empty line, then the file's newline.
    String both = "# Databricks notebook source\n# MAGIC %md\n# MAGIC x\n# MAGIC\n";
    Notebook md = SourceFormat.parse(both, Language.PYTHON);
    assertThat(md.cells()).containsExactly(Cell.of("%md\nx\n"));
    assertThat(SourceFormat.write(md)).isEqualTo(both);
    assertThat(SourceFormat.write(new Notebook(Language.PYTHON, md.cells())))
        .isEqualTo(both.substring(0, both.length() - 1));
    // Two newlines are not one newline after magic: the chunk stays code, verbatim.
    String two = "# Databricks notebook source\n# MAGIC %md x\n\n";
    assertThat(SourceFormat.parse(two, Language.PYTHON).cells().get(0).magic()).isNull();
    assertThat(SourceFormat.write(SourceFormat.parse(two, Language.PYTHON))).isEqualTo(two);
  }

  @Test
  void aLastPlainCellThatWouldReadAsMagicPlusNewlineIsEscaped() {
    Notebook notebook = new Notebook(Language.PYTHON, List.of(Cell.of("# MAGIC %md x\n")));
    Notebook back = SourceFormat.parse(SourceFormat.write(notebook), Language.PYTHON);
    assertThat(back.cells()).containsExactly(Cell.of("%python\n# MAGIC %md x\n"));
  }

  @Test
  void headerAloneIsAnEmptyNotebookAndHeaderWithNewlineOneEmptyCell() {
    assertThat(SourceFormat.parse("# Databricks notebook source", Language.PYTHON).cells())
        .isEmpty();
    assertThat(SourceFormat.parse("# Databricks notebook source\n", Language.PYTHON).cells())
        .containsExactly(Cell.of(""));
    assertThat(SourceFormat.write(new Notebook(Language.SQL, List.of())))
        .isEqualTo("-- Databricks notebook source");
    assertThat(SourceFormat.write(new Notebook(Language.SQL, List.of(Cell.of("")))))
        .isEqualTo("-- Databricks notebook source\n");
  }

  @Test
  void emptyCellsBetweenSeparatorsAreKept() {
    String text =
        "# Databricks notebook source\n\n\n# COMMAND ----------\n\n\n\n# COMMAND ----------\n\nx";
    Notebook notebook = SourceFormat.parse(text, Language.PYTHON);
    assertThat(notebook.cells()).containsExactly(Cell.of(""), Cell.of(""), Cell.of("x"));
    assertThat(SourceFormat.write(notebook)).isEqualTo(text);
  }

  @Test
  void plainSourceWithoutHeaderIsANotebookAllTheSame() {
    Notebook notebook =
        SourceFormat.parse("print(1)\n\n# COMMAND ----------\n\nprint(2)", Language.PYTHON);
    assertThat(notebook.cells()).containsExactly(Cell.of("print(1)"), Cell.of("print(2)"));
    assertThat(SourceFormat.write(notebook))
        .isEqualTo("# Databricks notebook source\nprint(1)\n\n# COMMAND ----------\n\nprint(2)");
  }

  @Test
  void onlyTheNotebookLanguagesSeparatorSplitsCells() {
    String text = "-- Databricks notebook source\nSELECT 1\n\n# COMMAND ----------\n\nSELECT 2";
    assertThat(SourceFormat.parse(text, Language.SQL).cells()).hasSize(1);
  }

  @Test
  void chunksThatAreNotAllMagicStayCodeVerbatim() {
    String mixed = "# Databricks notebook source\nx = 1\n# MAGIC %md not magic";
    String noPercent = "# Databricks notebook source\n# MAGIC just a comment\n# MAGIC";
    String oldTitle = "# Databricks notebook source\n# DBTITLE 0,hidden\nx = 1";
    String emptyTitle = "# Databricks notebook source\n# DBTITLE 1,\nx = 1";
    for (String text : List.of(mixed, noPercent, oldTitle, emptyTitle)) {
      Notebook notebook = SourceFormat.parse(text, Language.PYTHON);
      assertThat(notebook.cells()).hasSize(1);
      assertThat(notebook.cells().get(0).title()).isNull();
      assertThat(notebook.cells().get(0).magic()).isNull();
      assertThat(SourceFormat.write(notebook)).isEqualTo(text);
    }
  }

  @Test
  void oldStyleMagicLinesWithATrailingSpaceReadTheSame() {
    Notebook notebook =
        SourceFormat.parse(
            "# Databricks notebook source\n# MAGIC %md\n# MAGIC \n# MAGIC x", Language.PYTHON);
    assertThat(notebook.cells()).containsExactly(Cell.of("%md\n\nx"));
    assertThat(SourceFormat.write(notebook))
        .isEqualTo("# Databricks notebook source\n# MAGIC %md\n# MAGIC\n# MAGIC x");
  }

  @Test
  void windowsLineEndingsAreRead() {
    Notebook notebook =
        SourceFormat.parse(
            "# Databricks notebook source\r\na = 1\r\n\r\n# COMMAND ----------\r\n\r\nb = 2",
            Language.PYTHON);
    assertThat(notebook.cells()).containsExactly(Cell.of("a = 1"), Cell.of("b = 2"));
  }

  @ParameterizedTest
  @EnumSource(Language.class)
  void aCellTheFormatCannotHoldAsIsIsWrittenAsALanguageMagic(Language language) {
    String c = Languages.comment(language);
    List<String> tricky =
        List.of(
            "a\n\n" + c + " COMMAND ----------\n\nb",
            "a\n\n" + c + " COMMAND ----------",
            "a\n\n" + c + " COMMAND ----------\n",
            c + " MAGIC %md looks like magic",
            c + " DBTITLE 1,looks like a title\nbody");
    for (String command : tricky) {
      Notebook notebook = new Notebook(language, List.of(Cell.of(command), new Cell("next", "t")));
      Notebook back = SourceFormat.parse(SourceFormat.write(notebook), language);
      assertThat(back.cells()).hasSize(2);
      assertThat(back.cells().get(0))
          .isEqualTo(Cell.of("%" + Languages.magic(language) + "\n" + command));
      assertThat(back.cells().get(0).language(language)).isEqualTo(language);
      assertThat(back.cells().get(1)).isEqualTo(new Cell("next", "t"));
      assertThat(SourceFormat.write(back)).isEqualTo(SourceFormat.write(notebook));
    }
  }

  @Test
  void titlesAreSingleLinesAndBlankTitlesAreNone() {
    assertThat(new Cell("x", "two\nlines").title()).isEqualTo("two lines");
    assertThat(new Cell("x", "  ").title()).isNull();
    Notebook titled = new Notebook(Language.PYTHON, List.of(new Cell("%md\nhi", "Intro")));
    assertThat(SourceFormat.write(titled))
        .isEqualTo("# Databricks notebook source\n# DBTITLE 1,Intro\n# MAGIC %md\n# MAGIC hi");
  }

  @Test
  void headerDetection() {
    assertThat(SourceFormat.hasHeader("# Databricks notebook source", Language.PYTHON)).isTrue();
    assertThat(SourceFormat.hasHeader("# Databricks notebook source\nx", Language.R)).isTrue();
    assertThat(SourceFormat.hasHeader("// Databricks notebook source\r\n", Language.SCALA))
        .isTrue();
    assertThat(SourceFormat.hasHeader("# Databricks notebook sourcex", Language.PYTHON)).isFalse();
    assertThat(SourceFormat.hasHeader("-- Databricks notebook source", Language.PYTHON)).isFalse();
    assertThat(SourceFormat.hasHeader("print(1)", Language.PYTHON)).isFalse();
  }
}
