package dev.kiln.it;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.workspace.ExportFormat;
import com.databricks.sdk.service.workspace.ExportRequest;
import com.databricks.sdk.service.workspace.ExportResponse;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.databricks.sdk.service.workspace.ObjectInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.TestInfo;

/**
 * What the Workspace ITs share: sample notebooks and short calls through the SDK. Each call takes
 * the client to use, so that a test class that restarts its server can pass the new one.
 */
final class WorkspaceCalls {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String HOME = "/Users/admin";

  /** A notebook of each language as Databricks exports it. */
  static final Map<Language, String> SAMPLES =
      Map.of(
          Language.PYTHON,
          """
          # Databricks notebook source
          # MAGIC %md
          # MAGIC # Title
          # MAGIC
          # MAGIC Text.

          # COMMAND ----------

          # DBTITLE 1,Compute
          x = spark.range(10).count()
          print(x)

          # COMMAND ----------

          # MAGIC %sql
          # MAGIC SELECT 1\
          """,
          Language.SCALA,
          """
          // Databricks notebook source
          // MAGIC %md
          // MAGIC ## Scala

          // COMMAND ----------

          val df = spark.range(3)
          df.show()

          // COMMAND ----------

          // DBTITLE 1,Python too
          // MAGIC %python
          // MAGIC print(1)\
          """,
          Language.SQL,
          """
          -- Databricks notebook source
          SELECT * FROM range(3)

          -- COMMAND ----------

          -- MAGIC %md
          -- MAGIC Notes

          -- COMMAND ----------

          -- MAGIC %run ./helpers\
          """,
          Language.R,
          """
          # Databricks notebook source
          library(SparkR)

          # COMMAND ----------

          # MAGIC %sh
          # MAGIC ls /tmp

          # COMMAND ----------

          # MAGIC %md
          # MAGIC done\
          """);

  private WorkspaceCalls() {}

  /** A fresh folder in the admin's home for each test. */
  static String folder(WorkspaceClient admin, TestInfo info) {
    String path =
        HOME + "/" + info.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime();
    admin.workspace().mkdirs(path);
    return path;
  }

  static List<ObjectInfo> list(WorkspaceClient admin, String path) {
    return StreamSupport.stream(admin.workspace().list(path).spliterator(), false).toList();
  }

  static List<String> paths(WorkspaceClient admin, String path) {
    return list(admin, path).stream().map(ObjectInfo::getPath).toList();
  }

  static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
  }

  static void importSource(WorkspaceClient admin, String path, Language language, String source) {
    admin
        .workspace()
        .importContent(
            new Import()
                .setPath(path)
                .setFormat(ImportFormat.SOURCE)
                .setLanguage(language)
                .setContent(b64(source)));
  }

  static void importAs(
      WorkspaceClient admin, String path, ImportFormat format, byte[] content, boolean overwrite) {
    admin
        .workspace()
        .importContent(
            new Import()
                .setPath(path)
                .setFormat(format)
                .setContent(Base64.getEncoder().encodeToString(content))
                .setOverwrite(overwrite));
  }

  static ExportResponse export(WorkspaceClient admin, String path, ExportFormat format) {
    return admin.workspace().export(new ExportRequest().setPath(path).setFormat(format));
  }

  static String exportText(WorkspaceClient admin, String path, ExportFormat format) {
    return new String(Base64.getDecoder().decode(export(admin, path, format).getContent()), UTF_8);
  }
}
