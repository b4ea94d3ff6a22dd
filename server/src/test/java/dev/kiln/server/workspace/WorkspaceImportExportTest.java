package dev.kiln.server.workspace;

import static dev.kiln.server.testing.ApiErrors.assertFailsWith;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.workspace.ExportFormat;
import dev.kiln.model.workspace.ImportFormat;
import dev.kiln.model.workspace.Language;
import dev.kiln.model.workspace.ObjectType;
import dev.kiln.server.api.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WorkspaceImportExportTest {
  private static final byte[] PY = "# Databricks notebook source\nprint(1)".getBytes(UTF_8);
  private static final byte[] IPYNB =
      "{\"cells\":[{\"cell_type\":\"code\",\"source\":\"1+1\"}],\"nbformat\":4}".getBytes(UTF_8);

  @Test
  void sourceNeedsALanguageAndKeepsThePathAsGiven() {
    Content content = ImportDecoder.decode("/a/nb.py", ImportFormat.SOURCE, Language.SQL, PY);
    assertThat(content.path()).isEqualTo("/a/nb.py");
    assertThat(content.type()).isEqualTo(ObjectType.NOTEBOOK);
    assertThat(content.notebook().language()).isEqualTo(Language.SQL);
    assertThat(content.size()).isEqualTo(SourceFormat.write(content.notebook()).length());
    assertFailsWith(
        () -> ImportDecoder.decode("/a/nb.py", ImportFormat.SOURCE, null, PY),
        ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void withoutAFormatALanguageMeansSourceAndNoLanguageMeansAuto() {
    assertThat(ImportDecoder.decode("/a/x", null, Language.R, "x <- 1".getBytes(UTF_8)).notebook())
        .isEqualTo(new Notebook(Language.R, List.of(Cell.of("x <- 1"))));
    Content auto = ImportDecoder.decode("/a/nb.py", null, null, PY);
    assertThat(auto.path()).isEqualTo("/a/nb");
    assertThat(auto.type()).isEqualTo(ObjectType.NOTEBOOK);
    assertThat(ImportDecoder.decode("/a/x", null, null, PY).type()).isEqualTo(ObjectType.FILE);
  }

  @Test
  void autoMakesNotebooksOfHeadedSourcesAndIpynbAndFilesOfEverythingElse() {
    record Case(String path, String content, String at, Language language) {}
    List<Case> cases =
        List.of(
            new Case("/a/nb.py", "# Databricks notebook source\nx", "/a/nb", Language.PYTHON),
            new Case("/a/nb.R", "# Databricks notebook source\r\nx", "/a/nb", Language.R),
            new Case("/a/nb.scala", "// Databricks notebook source", "/a/nb", Language.SCALA),
            new Case("/a/q.sql", "-- Databricks notebook source\nSELECT 1", "/a/q", Language.SQL),
            new Case("/a/nb.ipynb", new String(IPYNB, UTF_8), "/a/nb", Language.PYTHON),
            new Case("/a/plain.py", "print(1)", "/a/plain.py", null),
            new Case("/a/wrong.sql", "# Databricks notebook source\n", "/a/wrong.sql", null),
            new Case("/a/late.py", "\n# Databricks notebook source", "/a/late.py", null),
            new Case("/a/data.csv", "a,b\n1,2", "/a/data.csv", null),
            new Case("/a/README", "# Databricks notebook source", "/a/README", null),
            new Case("/a/.py", "# Databricks notebook source", "/a/.py", null));
    for (Case c : cases) {
      Content content =
          ImportDecoder.decode(c.path(), ImportFormat.AUTO, null, c.content().getBytes(UTF_8));
      assertThat(content.path()).as(c.path()).isEqualTo(c.at());
      assertThat(content.notebook() == null ? null : content.notebook().language())
          .as(c.path())
          .isEqualTo(c.language());
      if (content.notebook() == null) {
        assertThat(content.file()).isEqualTo(c.content().getBytes(UTF_8));
      }
    }
  }

  @Test
  void rawIsAlwaysAFileAndJupyterAlwaysANotebook() {
    Content raw = ImportDecoder.decode("/a/nb.py", ImportFormat.RAW, Language.PYTHON, PY);
    assertThat(raw.type()).isEqualTo(ObjectType.FILE);
    assertThat(raw.path()).isEqualTo("/a/nb.py");
    Content jupyter =
        ImportDecoder.decode("/a/x.ipynb", ImportFormat.JUPYTER, Language.SCALA, IPYNB);
    assertThat(jupyter.path()).isEqualTo("/a/x.ipynb");
    assertThat(jupyter.notebook().language()).isEqualTo(Language.SCALA);
  }

  @ParameterizedTest
  @EnumSource(
      value = ImportFormat.class,
      names = {"HTML", "DBC", "R_MARKDOWN"})
  void formatsKilnCannotReadAreRefused(ImportFormat format) {
    assertFailsWith(
        () -> ImportDecoder.decode("/a/x", format, Language.PYTHON, PY),
        ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void zipArchivesAreNotSilentlyStoredAsFilesUnderAuto() {
    assertFailsWith(
        () -> ImportDecoder.decode("/a/x.zip", ImportFormat.AUTO, null, new byte[] {80, 75, 3, 4}),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(ImportDecoder.decode("/a/x.zip", ImportFormat.RAW, null, new byte[] {80}).type())
        .isEqualTo(ObjectType.FILE);
  }

  @Test
  void contentIsAtMostTenMegabytes() {
    byte[] limit = new byte[(int) ImportDecoder.MAX_SIZE];
    assertThat(ImportDecoder.decode("/a/x", ImportFormat.RAW, null, limit).size())
        .isEqualTo(ImportDecoder.MAX_SIZE);
    assertFailsWith(
        () -> ImportDecoder.decode("/a/x", ImportFormat.RAW, null, new byte[limit.length + 1]),
        ErrorCode.MAX_NOTEBOOK_SIZE_EXCEEDED);
  }

  @Test
  void notebooksMustBeUtf8AndLoseAByteOrderMark() {
    assertFailsWith(
        () ->
            ImportDecoder.decode(
                "/a/x", ImportFormat.SOURCE, Language.PYTHON, new byte[] {(byte) 0xC3, 0x28}),
        ErrorCode.INVALID_PARAMETER_VALUE);
    byte[] bom = "\uFEFF# Databricks notebook source\nx".getBytes(UTF_8);
    assertThat(
            ImportDecoder.decode("/a/x", ImportFormat.SOURCE, Language.PYTHON, bom)
                .notebook()
                .cells())
        .containsExactly(Cell.of("x"));
    // Files are bytes: anything goes.
    assertThat(
            ImportDecoder.decode("/a/x.bin", ImportFormat.AUTO, null, new byte[] {(byte) 0xC3})
                .type())
        .isEqualTo(ObjectType.FILE);
  }

  @Test
  void notebooksExportAsSourceOrJupyterButNotRaw() {
    Notebook notebook = new Notebook(Language.SCALA, List.of(Cell.of("val x = 1")));
    Exported source = ExportEncoder.notebook(notebook, "/a/nb", null);
    assertThat(new String(source.content(), UTF_8))
        .isEqualTo("// Databricks notebook source\nval x = 1");
    assertThat(source.fileType()).isEqualTo("scala");
    assertThat(source.fileName()).isEqualTo("nb.scala");
    assertThat(ExportEncoder.notebook(notebook, "/a/nb", ExportFormat.AUTO).fileType())
        .isEqualTo("scala");
    Exported jupyter = ExportEncoder.notebook(notebook, "/a/nb", ExportFormat.JUPYTER);
    assertThat(jupyter.fileType()).isEqualTo("ipynb");
    assertThat(JupyterFormat.read(jupyter.content(), null)).isEqualTo(notebook);
    assertFailsWith(
        () -> ExportEncoder.notebook(notebook, "/a/nb", ExportFormat.RAW),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertFailsWith(
        () -> ExportEncoder.notebook(notebook, "/a/nb", ExportFormat.HTML),
        ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void filesExportAsTheirBytesButNotAsJupyter() {
    byte[] bytes = {1, 2, 3};
    for (ExportFormat format :
        new ExportFormat[] {null, ExportFormat.SOURCE, ExportFormat.AUTO, ExportFormat.RAW}) {
      Exported exported = ExportEncoder.file(bytes, "/a/data.csv", format);
      assertThat(exported.content()).isEqualTo(bytes);
      assertThat(exported.fileType()).isEqualTo("csv");
    }
    assertThat(ExportEncoder.file(bytes, "/a/README", null).fileType()).isNull();
    assertFailsWith(
        () -> ExportEncoder.file(bytes, "/a/x", ExportFormat.JUPYTER),
        ErrorCode.INVALID_PARAMETER_VALUE);
    assertFailsWith(
        () -> ExportEncoder.file(bytes, "/a/x", ExportFormat.DBC),
        ErrorCode.INVALID_PARAMETER_VALUE);
  }
}
