package dev.kiln.it;

import static dev.kiln.it.WorkspaceCalls.JSON;
import static dev.kiln.it.WorkspaceCalls.SAMPLES;
import static dev.kiln.it.WorkspaceCalls.export;
import static dev.kiln.it.WorkspaceCalls.exportText;
import static dev.kiln.it.WorkspaceCalls.folder;
import static dev.kiln.it.WorkspaceCalls.importAs;
import static dev.kiln.it.WorkspaceCalls.importSource;
import static dev.kiln.it.WorkspaceCalls.list;
import static dev.kiln.it.WorkspaceCalls.paths;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.workspace.ExportFormat;
import com.databricks.sdk.service.workspace.ExportResponse;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.databricks.sdk.service.workspace.ObjectInfo;
import com.databricks.sdk.service.workspace.ObjectType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Workspace API 2.0 import and export through the official Databricks Java SDK: notebooks in SOURCE
 * and JUPYTER, AUTO and RAW files, folders as zip archives, and what import refuses.
 */
class WorkspaceFormatsIT extends ServerIT {

  // ---------------------------------------------------------------------------------------------
  // Notebooks in SOURCE and JUPYTER

  @ParameterizedTest
  @EnumSource(Language.class)
  void sourceNotebooksExportByteForByteAndSurviveJupyter(Language language, TestInfo info)
      throws IOException {
    String dir = folder(admin, info);
    String sample = SAMPLES.get(language);
    importSource(admin, dir + "/nb", language, sample);

    ObjectInfo status = admin.workspace().getStatus(dir + "/nb");
    assertThat(status.getObjectType()).isEqualTo(ObjectType.NOTEBOOK);
    assertThat(status.getLanguage()).isEqualTo(language);
    assertThat(status.getSize()).isEqualTo(sample.getBytes(UTF_8).length);

    ExportResponse source = admin.workspace().export(dir + "/nb");
    assertThat(new String(Base64.getDecoder().decode(source.getContent()), UTF_8))
        .isEqualTo(sample);
    assertThat(source.getFileType())
        .isEqualTo(
            Map.of(
                    Language.PYTHON,
                    "py",
                    Language.SCALA,
                    "scala",
                    Language.SQL,
                    "sql",
                    Language.R,
                    "r")
                .get(language));

    ExportResponse jupyter = export(admin, dir + "/nb", ExportFormat.JUPYTER);
    assertThat(jupyter.getFileType()).isEqualTo("ipynb");
    byte[] ipynb = Base64.getDecoder().decode(jupyter.getContent());
    JsonNode doc = JSON.readTree(ipynb);
    assertThat(doc.path("cells")).hasSize(3);
    assertThat(doc.path("nbformat").asInt()).isEqualTo(4);

    importAs(admin, dir + "/again", ImportFormat.JUPYTER, ipynb, false);
    assertThat(admin.workspace().getStatus(dir + "/again").getLanguage()).isEqualTo(language);
    assertThat(exportText(admin, dir + "/again", ExportFormat.SOURCE)).isEqualTo(sample);
    // The same cells and language; only the notebook's name differs.
    JsonNode again =
        JSON.readTree(
            Base64.getDecoder()
                .decode(export(admin, dir + "/again", ExportFormat.JUPYTER).getContent()));
    assertThat(again.path("cells")).isEqualTo(doc.path("cells"));
    assertThat(again.at("/metadata/language_info")).isEqualTo(doc.at("/metadata/language_info"));
  }

  /** A Jupyter notebook as Jupyter writes it, for a kernel of the given language. */
  private static String ipynb(String kernelLanguage, String code) {
    return """
        {"cells": [
          {"cell_type": "markdown", "metadata": {}, "source": ["# Heading\\n", "text"]},
          {"cell_type": "code", "execution_count": 1, "metadata": {},
           "outputs": [{"output_type": "stream", "name": "stdout", "text": ["ok\\n"]}],
           "source": %s},
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
           "source": ["%%%%sql\\n", "SELECT 1"]}
         ],
         "metadata": {"language_info": {"name": "%s"}},
         "nbformat": 4, "nbformat_minor": 5}
        """
        .formatted(code, kernelLanguage);
  }

  @ParameterizedTest
  @EnumSource(Language.class)
  void jupyterNotebooksImportInEveryLanguageAndExportTheirCells(Language language, TestInfo info)
      throws IOException {
    String dir = folder(admin, info);
    String kernel =
        language == Language.R ? "R" : language.name().toLowerCase(java.util.Locale.ROOT);
    String doc = ipynb(kernel, "[\"a = 1\\n\", \"b = 2\"]");
    importAs(admin, dir + "/nb", ImportFormat.JUPYTER, doc.getBytes(UTF_8), false);
    assertThat(admin.workspace().getStatus(dir + "/nb").getLanguage()).isEqualTo(language);

    JsonNode out =
        JSON.readTree(
            Base64.getDecoder()
                .decode(export(admin, dir + "/nb", ExportFormat.JUPYTER).getContent()));
    JsonNode cells = out.path("cells");
    assertThat(cells).hasSize(3);
    assertThat(cells.get(0).path("cell_type").asText()).isEqualTo("markdown");
    assertThat(text(cells.get(0).path("source"))).isEqualTo("# Heading\ntext");
    assertThat(text(cells.get(1).path("source"))).isEqualTo("a = 1\nb = 2");
    assertThat(text(cells.get(2).path("source"))).isEqualTo("%sql\nSELECT 1");
    assertThat(out.at("/metadata/language_info/name").asText()).isEqualTo(kernel);

    String source = exportText(admin, dir + "/nb", ExportFormat.SOURCE);
    String c = language == Language.SCALA ? "//" : language == Language.SQL ? "--" : "#";
    assertThat(source)
        .isEqualTo(
            c
                + " Databricks notebook source\n"
                + c
                + " MAGIC %md\n"
                + c
                + " MAGIC # Heading\n"
                + c
                + " MAGIC text\n\n"
                + c
                + " COMMAND ----------\n\na = 1\nb = 2\n\n"
                + c
                + " COMMAND ----------\n\n"
                + c
                + " MAGIC %sql\n"
                + c
                + " MAGIC SELECT 1");
  }

  private static String text(JsonNode source) {
    StringBuilder out = new StringBuilder();
    source.forEach(line -> out.append(line.asText()));
    return out.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // AUTO and RAW files, conflicts, folders as zip archives

  @Test
  void autoDecidesByExtensionAndHeaderAndDropsTheExtensionOfNotebooks(TestInfo info) {
    String dir = folder(admin, info);
    importAs(
        admin,
        dir + "/nb.py",
        ImportFormat.AUTO,
        SAMPLES.get(Language.PYTHON).getBytes(UTF_8),
        false);
    importAs(
        admin, dir + "/q.sql", ImportFormat.AUTO, SAMPLES.get(Language.SQL).getBytes(UTF_8), false);
    importAs(
        admin,
        dir + "/s.scala",
        ImportFormat.AUTO,
        SAMPLES.get(Language.SCALA).getBytes(UTF_8),
        false);
    importAs(
        admin, dir + "/r.R", ImportFormat.AUTO, SAMPLES.get(Language.R).getBytes(UTF_8), false);
    importAs(
        admin,
        dir + "/book.ipynb",
        ImportFormat.AUTO,
        ipynb("python", "\"1\"").getBytes(UTF_8),
        false);
    importAs(admin, dir + "/plain.py", ImportFormat.AUTO, "print(1)".getBytes(UTF_8), false);
    importAs(admin, dir + "/data.csv", ImportFormat.AUTO, "a,b\n1,2\n".getBytes(UTF_8), false);
    importAs(admin, dir + "/blob.bin", ImportFormat.RAW, new byte[] {0, (byte) 0xff, 10}, false);
    importAs(admin, dir + "/empty.txt", ImportFormat.AUTO, new byte[0], false);

    Map<String, ObjectInfo> byPath = new java.util.HashMap<>();
    list(admin, dir).forEach(o -> byPath.put(o.getPath().substring(dir.length() + 1), o));
    assertThat(byPath)
        .containsOnlyKeys(
            "nb", "q", "s", "r", "book", "plain.py", "data.csv", "blob.bin", "empty.txt");
    assertThat(byPath.get("nb").getLanguage()).isEqualTo(Language.PYTHON);
    assertThat(byPath.get("q").getLanguage()).isEqualTo(Language.SQL);
    assertThat(byPath.get("s").getLanguage()).isEqualTo(Language.SCALA);
    assertThat(byPath.get("r").getLanguage()).isEqualTo(Language.R);
    assertThat(byPath.get("book").getObjectType()).isEqualTo(ObjectType.NOTEBOOK);
    assertThat(byPath.get("plain.py").getObjectType()).isEqualTo(ObjectType.FILE);
    assertThat(byPath.get("plain.py").getLanguage()).isNull();
    assertThat(byPath.get("data.csv").getSize()).isEqualTo(8);
    assertThat(byPath.get("empty.txt").getSize()).isZero();

    assertThat(exportText(admin, dir + "/r", ExportFormat.AUTO)).isEqualTo(SAMPLES.get(Language.R));
    assertThat(exportText(admin, dir + "/plain.py", ExportFormat.SOURCE)).isEqualTo("print(1)");
    ExportResponse csv = export(admin, dir + "/data.csv", ExportFormat.RAW);
    assertThat(csv.getFileType()).isEqualTo("csv");
    assertThat(
            Base64.getDecoder()
                .decode(export(admin, dir + "/blob.bin", ExportFormat.AUTO).getContent()))
        .containsExactly(0, (byte) 0xff, 10);
    assertThatThrownBy(() -> export(admin, dir + "/data.csv", ExportFormat.JUPYTER))
        .isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(() -> export(admin, dir + "/nb", ExportFormat.RAW))
        .isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void importRefusesConflictsMissingParentsAndFormatsKilnCannotRead(TestInfo info) {
    String dir = folder(admin, info);
    importSource(admin, dir + "/nb", Language.PYTHON, "v1");
    ObjectInfo first = admin.workspace().getStatus(dir + "/nb");
    assertThatThrownBy(() -> importSource(admin, dir + "/nb", Language.PYTHON, "v2"))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThat(exportText(admin, dir + "/nb", ExportFormat.SOURCE)).endsWith("v1");

    importAs(admin, dir + "/nb", ImportFormat.RAW, "now a file".getBytes(UTF_8), true);
    ObjectInfo second = admin.workspace().getStatus(dir + "/nb");
    assertThat(second.getObjectId()).isEqualTo(first.getObjectId());
    assertThat(second.getObjectType()).isEqualTo(ObjectType.FILE);
    assertThat(second.getModifiedAt()).isGreaterThanOrEqualTo(first.getModifiedAt());
    assertThat(exportText(admin, dir + "/nb", ExportFormat.SOURCE)).isEqualTo("now a file");

    admin.workspace().mkdirs(dir + "/folder");
    assertThatThrownBy(() -> importAs(admin, dir + "/folder", ImportFormat.RAW, new byte[1], true))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThatThrownBy(() -> importSource(admin, dir + "/no/such/nb", Language.PYTHON, "x"))
        .isInstanceOf(ResourceDoesNotExist.class)
        .hasMessageContaining("parent folder");
    assertThatThrownBy(() -> importSource(admin, dir + "/nb/child", Language.PYTHON, "x"))
        .isInstanceOf(InvalidParameterValue.class);
    for (ImportFormat unsupported :
        List.of(ImportFormat.HTML, ImportFormat.DBC, ImportFormat.R_MARKDOWN)) {
      assertThatThrownBy(() -> importAs(admin, dir + "/x", unsupported, "x".getBytes(UTF_8), false))
          .isInstanceOf(InvalidParameterValue.class)
          .hasMessageContaining("not supported");
    }
    assertThatThrownBy(
            () -> importAs(admin, dir + "/x", ImportFormat.SOURCE, "x".getBytes(UTF_8), false))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("language");
    assertThatThrownBy(
            () -> importAs(admin, dir + "/x.ipynb", ImportFormat.AUTO, "{}".getBytes(UTF_8), false))
        .isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(() -> export(admin, dir + "/missing", ExportFormat.SOURCE))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> export(admin, dir + "/nb", ExportFormat.HTML))
        .isInstanceOf(InvalidParameterValue.class);
    assertThat(paths(admin, dir)).containsExactly(dir + "/folder", dir + "/nb");
  }

  @Test
  void foldersExportAsZipArchives(TestInfo info) throws IOException {
    String dir = folder(admin, info);
    admin.workspace().mkdirs(dir + "/proj/sub");
    importSource(admin, dir + "/proj/main", Language.SCALA, SAMPLES.get(Language.SCALA));
    importSource(admin, dir + "/proj/sub/q", Language.SQL, "SELECT 2");
    importAs(admin, dir + "/proj/notes.txt", ImportFormat.RAW, "hi".getBytes(UTF_8), false);

    Map<String, String> source = unzip(export(admin, dir + "/proj", ExportFormat.SOURCE));
    assertThat(source)
        .containsOnlyKeys("proj/", "proj/main.scala", "proj/sub/", "proj/sub/q.sql")
        .containsEntry("proj/main.scala", SAMPLES.get(Language.SCALA))
        .containsEntry("proj/sub/q.sql", "-- Databricks notebook source\nSELECT 2");
    assertThat(unzip(export(admin, dir + "/proj", ExportFormat.AUTO)))
        .containsEntry("proj/notes.txt", "hi");
    assertThatThrownBy(() -> export(admin, dir + "/proj", ExportFormat.JUPYTER))
        .isInstanceOf(InvalidParameterValue.class);
  }

  private static Map<String, String> unzip(ExportResponse response) throws IOException {
    assertThat(response.getFileType()).isEqualTo("zip");
    Map<String, String> entries = new java.util.HashMap<>();
    try (ZipInputStream zip =
        new ZipInputStream(
            new ByteArrayInputStream(Base64.getDecoder().decode(response.getContent())))) {
      for (ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
        entries.put(e.getName(), new String(zip.readAllBytes(), UTF_8));
      }
    }
    return entries;
  }
}
