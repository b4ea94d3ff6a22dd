package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertError;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.iam.User;
import com.databricks.sdk.service.settings.CreateOboTokenRequest;
import com.databricks.sdk.service.workspace.Delete;
import com.databricks.sdk.service.workspace.ExportFormat;
import com.databricks.sdk.service.workspace.ExportRequest;
import com.databricks.sdk.service.workspace.ExportResponse;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.databricks.sdk.service.workspace.ListWorkspaceRequest;
import com.databricks.sdk.service.workspace.ObjectInfo;
import com.databricks.sdk.service.workspace.ObjectType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Workspace API 2.0 through the official Databricks Java SDK, plus what only raw calls send. */
class WorkspaceIT {
  static TestServer server;
  static WorkspaceClient admin;
  static final HttpClient HTTP = HttpClient.newHttpClient();
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

  @BeforeAll
  static void start() {
    server = TestServer.start();
    admin = server.client();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** A fresh folder in the admin's home for each test. */
  private static String folder(TestInfo info) {
    String path =
        HOME + "/" + info.getTestMethod().orElseThrow().getName() + "-" + System.nanoTime();
    admin.workspace().mkdirs(path);
    return path;
  }

  private static List<ObjectInfo> list(String path) {
    return StreamSupport.stream(admin.workspace().list(path).spliterator(), false).toList();
  }

  private static List<String> paths(String path) {
    return list(path).stream().map(ObjectInfo::getPath).toList();
  }

  private static String b64(String text) {
    return Base64.getEncoder().encodeToString(text.getBytes(UTF_8));
  }

  private static void importSource(String path, Language language, String source) {
    admin
        .workspace()
        .importContent(
            new Import()
                .setPath(path)
                .setFormat(ImportFormat.SOURCE)
                .setLanguage(language)
                .setContent(b64(source)));
  }

  private static void importAs(
      String path, ImportFormat format, byte[] content, boolean overwrite) {
    admin
        .workspace()
        .importContent(
            new Import()
                .setPath(path)
                .setFormat(format)
                .setContent(Base64.getEncoder().encodeToString(content))
                .setOverwrite(overwrite));
  }

  private static ExportResponse export(String path, ExportFormat format) {
    return admin.workspace().export(new ExportRequest().setPath(path).setFormat(format));
  }

  private static String exportText(String path, ExportFormat format) {
    return new String(Base64.getDecoder().decode(export(path, format).getContent()), UTF_8);
  }

  // ---------------------------------------------------------------------------------------------
  // Home folders and the tree

  @Test
  void rootUsersSharedAndTheAdminsHomeExist() {
    assertThat(admin.workspace().getStatus("/").getObjectType()).isEqualTo(ObjectType.DIRECTORY);
    assertThat(paths("/")).contains("/Users", "/Shared");
    assertThat(paths("/Users")).contains(HOME);
    ObjectInfo home = admin.workspace().getStatus(HOME);
    assertThat(home.getObjectType()).isEqualTo(ObjectType.DIRECTORY);
    assertThat(home.getObjectId()).isPositive();
    assertThat(home.getResourceId()).isEqualTo(home.getObjectId().toString());
    assertThat(home.getLanguage()).isNull();
    assertThat(home.getSize()).isNull();
    // /Workspace/... names the same object, as on Databricks.
    assertThat(admin.workspace().getStatus("/Workspace" + HOME).getPath()).isEqualTo(HOME);
  }

  @Test
  void aUserCreatedThroughScimGetsAHomeAndCanUseTheWorkspace() {
    User ann = admin.users().create(new User().setUserName("ws-ann@example.com"));
    ObjectInfo home = admin.workspace().getStatus("/Users/ws-ann@example.com");
    assertThat(home.getObjectType()).isEqualTo(ObjectType.DIRECTORY);
    String token =
        admin
            .tokenManagement()
            .createOboToken(new CreateOboTokenRequest().setApplicationId(ann.getUserName()))
            .getTokenValue();
    WorkspaceClient annClient = server.clientFor(token);
    annClient
        .workspace()
        .importContent(
            new Import()
                .setPath("/Users/ws-ann@example.com/mine")
                .setLanguage(Language.PYTHON)
                .setFormat(ImportFormat.SOURCE)
                .setContent(b64("print('ann')")));
    assertThat(annClient.workspace().getStatus("/Users/ws-ann@example.com/mine").getObjectType())
        .isEqualTo(ObjectType.NOTEBOOK);
  }

  @Test
  void mkdirsCreatesParentsListsByNameAndStopsAtNotebooks(TestInfo info) {
    String dir = folder(info);
    admin.workspace().mkdirs(dir + "/b/c/d");
    admin.workspace().mkdirs(dir + "/b/c/d");
    admin.workspace().mkdirs(dir + "/a");
    assertThat(paths(dir)).containsExactly(dir + "/a", dir + "/b");
    assertThat(admin.workspace().getStatus(dir + "/b/c").getObjectType())
        .isEqualTo(ObjectType.DIRECTORY);
    importSource(dir + "/nb", Language.SQL, "SELECT 1");
    assertThat(paths(dir + "/nb")).containsExactly(dir + "/nb");
    assertThatThrownBy(() -> admin.workspace().mkdirs(dir + "/nb/sub"))
        .isInstanceOf(ResourceAlreadyExists.class)
        .hasMessageContaining(dir + "/nb already exists and it is not a folder");
    assertThatThrownBy(() -> admin.workspace().getStatus(dir + "/nb/sub"))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> list(dir + "/missing")).isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> admin.workspace().getStatus(dir + "/missing"))
        .isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void listCanLeaveOutNotebooksModifiedBeforeATime(TestInfo info) {
    String dir = folder(info);
    importSource(dir + "/old", Language.PYTHON, "1");
    admin.workspace().mkdirs(dir + "/sub");
    long cutoff = admin.workspace().getStatus(dir + "/old").getModifiedAt();
    List<ObjectInfo> listed =
        StreamSupport.stream(
                admin
                    .workspace()
                    .list(new ListWorkspaceRequest().setPath(dir).setNotebooksModifiedAfter(cutoff))
                    .spliterator(),
                false)
            .toList();
    assertThat(listed).extracting(ObjectInfo::getPath).containsExactly(dir + "/sub");
  }

  @Test
  void deleteNeedsRecursiveForAFolderThatHoldsAnything(TestInfo info) {
    String dir = folder(info);
    admin.workspace().mkdirs(dir + "/full/inner");
    importSource(dir + "/full/inner/nb", Language.PYTHON, "print(1)");
    assertThatThrownBy(() -> admin.workspace().delete(new Delete().setPath(dir + "/full")))
        .isExactlyInstanceOf(BadRequest.class)
        .satisfies(
            e -> assertThat(((DatabricksError) e).getErrorCode()).isEqualTo("DIRECTORY_NOT_EMPTY"));
    assertThat(admin.workspace().getStatus(dir + "/full/inner/nb").getObjectType())
        .isEqualTo(ObjectType.NOTEBOOK);

    admin.workspace().delete(new Delete().setPath(dir + "/full").setRecursive(true));
    assertThatThrownBy(() -> admin.workspace().getStatus(dir + "/full/inner/nb"))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> admin.workspace().getStatus(dir + "/full"))
        .isInstanceOf(ResourceDoesNotExist.class);

    admin.workspace().mkdirs(dir + "/empty");
    admin.workspace().delete(new Delete().setPath(dir + "/empty"));
    importSource(dir + "/nb", Language.R, "x <- 1");
    admin.workspace().delete(new Delete().setPath(dir + "/nb"));
    assertThat(list(dir)).isEmpty();
    assertThatThrownBy(() -> admin.workspace().delete(new Delete().setPath(dir + "/nb")))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(
            () -> admin.workspace().delete(new Delete().setPath("/Users").setRecursive(true)))
        .isInstanceOf(InvalidParameterValue.class);
    assertThat(admin.workspace().getStatus(HOME).getObjectType()).isEqualTo(ObjectType.DIRECTORY);
  }

  // ---------------------------------------------------------------------------------------------
  // Notebooks in SOURCE and JUPYTER

  @ParameterizedTest
  @EnumSource(Language.class)
  void sourceNotebooksExportByteForByteAndSurviveJupyter(Language language, TestInfo info)
      throws IOException {
    String dir = folder(info);
    String sample = SAMPLES.get(language);
    importSource(dir + "/nb", language, sample);

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

    ExportResponse jupyter = export(dir + "/nb", ExportFormat.JUPYTER);
    assertThat(jupyter.getFileType()).isEqualTo("ipynb");
    byte[] ipynb = Base64.getDecoder().decode(jupyter.getContent());
    JsonNode doc = JSON.readTree(ipynb);
    assertThat(doc.path("cells")).hasSize(3);
    assertThat(doc.path("nbformat").asInt()).isEqualTo(4);

    importAs(dir + "/again", ImportFormat.JUPYTER, ipynb, false);
    assertThat(admin.workspace().getStatus(dir + "/again").getLanguage()).isEqualTo(language);
    assertThat(exportText(dir + "/again", ExportFormat.SOURCE)).isEqualTo(sample);
    // The same cells and language; only the notebook's name differs.
    JsonNode again =
        JSON.readTree(
            Base64.getDecoder().decode(export(dir + "/again", ExportFormat.JUPYTER).getContent()));
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
    String dir = folder(info);
    String kernel =
        language == Language.R ? "R" : language.name().toLowerCase(java.util.Locale.ROOT);
    String doc = ipynb(kernel, "[\"a = 1\\n\", \"b = 2\"]");
    importAs(dir + "/nb", ImportFormat.JUPYTER, doc.getBytes(UTF_8), false);
    assertThat(admin.workspace().getStatus(dir + "/nb").getLanguage()).isEqualTo(language);

    JsonNode out =
        JSON.readTree(
            Base64.getDecoder().decode(export(dir + "/nb", ExportFormat.JUPYTER).getContent()));
    JsonNode cells = out.path("cells");
    assertThat(cells).hasSize(3);
    assertThat(cells.get(0).path("cell_type").asText()).isEqualTo("markdown");
    assertThat(text(cells.get(0).path("source"))).isEqualTo("# Heading\ntext");
    assertThat(text(cells.get(1).path("source"))).isEqualTo("a = 1\nb = 2");
    assertThat(text(cells.get(2).path("source"))).isEqualTo("%sql\nSELECT 1");
    assertThat(out.at("/metadata/language_info/name").asText()).isEqualTo(kernel);

    String source = exportText(dir + "/nb", ExportFormat.SOURCE);
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

  @Test
  void autoDecidesByExtensionAndHeaderAndDropsTheExtensionOfNotebooks(TestInfo info) {
    String dir = folder(info);
    importAs(
        dir + "/nb.py", ImportFormat.AUTO, SAMPLES.get(Language.PYTHON).getBytes(UTF_8), false);
    importAs(dir + "/q.sql", ImportFormat.AUTO, SAMPLES.get(Language.SQL).getBytes(UTF_8), false);
    importAs(
        dir + "/s.scala", ImportFormat.AUTO, SAMPLES.get(Language.SCALA).getBytes(UTF_8), false);
    importAs(dir + "/r.R", ImportFormat.AUTO, SAMPLES.get(Language.R).getBytes(UTF_8), false);
    importAs(
        dir + "/book.ipynb", ImportFormat.AUTO, ipynb("python", "\"1\"").getBytes(UTF_8), false);
    importAs(dir + "/plain.py", ImportFormat.AUTO, "print(1)".getBytes(UTF_8), false);
    importAs(dir + "/data.csv", ImportFormat.AUTO, "a,b\n1,2\n".getBytes(UTF_8), false);
    importAs(dir + "/blob.bin", ImportFormat.RAW, new byte[] {0, (byte) 0xff, 10}, false);
    importAs(dir + "/empty.txt", ImportFormat.AUTO, new byte[0], false);

    Map<String, ObjectInfo> byPath = new java.util.HashMap<>();
    list(dir).forEach(o -> byPath.put(o.getPath().substring(dir.length() + 1), o));
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

    assertThat(exportText(dir + "/r", ExportFormat.AUTO)).isEqualTo(SAMPLES.get(Language.R));
    assertThat(exportText(dir + "/plain.py", ExportFormat.SOURCE)).isEqualTo("print(1)");
    ExportResponse csv = export(dir + "/data.csv", ExportFormat.RAW);
    assertThat(csv.getFileType()).isEqualTo("csv");
    assertThat(
            Base64.getDecoder().decode(export(dir + "/blob.bin", ExportFormat.AUTO).getContent()))
        .containsExactly(0, (byte) 0xff, 10);
    assertThatThrownBy(() -> export(dir + "/data.csv", ExportFormat.JUPYTER))
        .isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(() -> export(dir + "/nb", ExportFormat.RAW))
        .isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void importRefusesConflictsMissingParentsAndFormatsKilnCannotRead(TestInfo info) {
    String dir = folder(info);
    importSource(dir + "/nb", Language.PYTHON, "v1");
    ObjectInfo first = admin.workspace().getStatus(dir + "/nb");
    assertThatThrownBy(() -> importSource(dir + "/nb", Language.PYTHON, "v2"))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThat(exportText(dir + "/nb", ExportFormat.SOURCE)).endsWith("v1");

    importAs(dir + "/nb", ImportFormat.RAW, "now a file".getBytes(UTF_8), true);
    ObjectInfo second = admin.workspace().getStatus(dir + "/nb");
    assertThat(second.getObjectId()).isEqualTo(first.getObjectId());
    assertThat(second.getObjectType()).isEqualTo(ObjectType.FILE);
    assertThat(second.getModifiedAt()).isGreaterThanOrEqualTo(first.getModifiedAt());
    assertThat(exportText(dir + "/nb", ExportFormat.SOURCE)).isEqualTo("now a file");

    admin.workspace().mkdirs(dir + "/folder");
    assertThatThrownBy(() -> importAs(dir + "/folder", ImportFormat.RAW, new byte[1], true))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThatThrownBy(() -> importSource(dir + "/no/such/nb", Language.PYTHON, "x"))
        .isInstanceOf(ResourceDoesNotExist.class)
        .hasMessageContaining("parent folder");
    assertThatThrownBy(() -> importSource(dir + "/nb/child", Language.PYTHON, "x"))
        .isInstanceOf(InvalidParameterValue.class);
    for (ImportFormat unsupported :
        List.of(ImportFormat.HTML, ImportFormat.DBC, ImportFormat.R_MARKDOWN)) {
      assertThatThrownBy(() -> importAs(dir + "/x", unsupported, "x".getBytes(UTF_8), false))
          .isInstanceOf(InvalidParameterValue.class)
          .hasMessageContaining("not supported");
    }
    assertThatThrownBy(() -> importAs(dir + "/x", ImportFormat.SOURCE, "x".getBytes(UTF_8), false))
        .isInstanceOf(InvalidParameterValue.class)
        .hasMessageContaining("language");
    assertThatThrownBy(
            () -> importAs(dir + "/x.ipynb", ImportFormat.AUTO, "{}".getBytes(UTF_8), false))
        .isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(() -> export(dir + "/missing", ExportFormat.SOURCE))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> export(dir + "/nb", ExportFormat.HTML))
        .isInstanceOf(InvalidParameterValue.class);
    assertThat(paths(dir)).containsExactly(dir + "/folder", dir + "/nb");
  }

  @Test
  void foldersExportAsZipArchives(TestInfo info) throws IOException {
    String dir = folder(info);
    admin.workspace().mkdirs(dir + "/proj/sub");
    importSource(dir + "/proj/main", Language.SCALA, SAMPLES.get(Language.SCALA));
    importSource(dir + "/proj/sub/q", Language.SQL, "SELECT 2");
    importAs(dir + "/proj/notes.txt", ImportFormat.RAW, "hi".getBytes(UTF_8), false);

    Map<String, String> source = unzip(export(dir + "/proj", ExportFormat.SOURCE));
    assertThat(source)
        .containsOnlyKeys("proj/", "proj/main.scala", "proj/sub/", "proj/sub/q.sql")
        .containsEntry("proj/main.scala", SAMPLES.get(Language.SCALA))
        .containsEntry("proj/sub/q.sql", "-- Databricks notebook source\nSELECT 2");
    assertThat(unzip(export(dir + "/proj", ExportFormat.AUTO)))
        .containsEntry("proj/notes.txt", "hi");
    assertThatThrownBy(() -> export(dir + "/proj", ExportFormat.JUPYTER))
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

  // ---------------------------------------------------------------------------------------------
  // What the Python SDK's upload/download and the Go CLI send (the Java SDK has no such helpers)

  private static HttpResponse<byte[]> send(String method, String path, byte[] body, String type) {
    return sendBody(
        method,
        path,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body),
        type);
  }

  private static HttpResponse<byte[]> sendBody(
      String method, String path, HttpRequest.BodyPublisher body, String type) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.url() + path))
            .method(method, body)
            .header("Authorization", "Bearer " + server.adminToken());
    if (type != null) {
      b.header("Content-Type", type);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The response with its body as text, for {@link ApiAssertions}. */
  private static HttpResponse<String> asText(HttpResponse<byte[]> response) {
    return new TextResponse(response);
  }

  private static HttpResponse<String> upload(Multipart form) {
    return asText(sendBody("POST", "/api/2.0/workspace/import", form.body(), form.contentType()));
  }

  private static HttpResponse<byte[]> download(String path, String format) {
    return send(
        "GET",
        "/api/2.0/workspace/export?direct_download=true&path="
            + URLEncoder.encode(path, UTF_8)
            + (format == null ? "" : "&format=" + format),
        null,
        null);
  }

  @Test
  void multipartUploadAndDirectDownloadWorkLikeThePythonSdk(TestInfo info) throws IOException {
    String dir = folder(info);
    byte[] py = SAMPLES.get(Language.PYTHON).getBytes(UTF_8);
    // upload(path, b"print(1)", format=AUTO): a file, downloaded as it was.
    assertThat(
            upload(
                    new Multipart()
                        .field("path", dir + "/file.py")
                        .field("format", "AUTO")
                        .file("content", "print(1)".getBytes(UTF_8)))
                .statusCode())
        .isEqualTo(200);
    assertThat(admin.workspace().getStatus(dir + "/file.py").getObjectType())
        .isEqualTo(ObjectType.FILE);
    HttpResponse<byte[]> file = download(dir + "/file.py", null);
    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(new String(file.body(), UTF_8)).isEqualTo("print(1)");
    assertThat(file.headers().firstValue("Content-Disposition"))
        .hasValueSatisfying(v -> assertThat(v).contains("file.py"));

    // upload("x.py", ...) without a format: the SDK guesses language PYTHON, so SOURCE, path kept.
    assertThat(
            upload(
                    new Multipart()
                        .field("path", dir + "/nb.py")
                        .field("language", "PYTHON")
                        .file("content", py))
                .statusCode())
        .isEqualTo(200);
    assertThat(admin.workspace().getStatus(dir + "/nb.py").getObjectType())
        .isEqualTo(ObjectType.NOTEBOOK);
    assertThat(download(dir + "/nb.py", null).body()).isEqualTo(py);
    // Neither format nor language: AUTO.
    assertThat(
            upload(new Multipart().field("path", dir + "/auto.py").file("content", py))
                .statusCode())
        .isEqualTo(200);
    assertThat(admin.workspace().getStatus(dir + "/auto").getLanguage()).isEqualTo(Language.PYTHON);
    JsonNode ipynb = JSON.readTree(download(dir + "/auto", "JUPYTER").body());
    assertThat(ipynb.path("cells")).hasSize(3);

    // overwrite: absent is false; "true" and Python's "True" both count.
    assertError(
        upload(new Multipart().field("path", dir + "/file.py").file("content", new byte[] {1})),
        400,
        "RESOURCE_ALREADY_EXISTS");
    assertThat(
            upload(
                    new Multipart()
                        .field("path", dir + "/file.py")
                        .field("format", "RAW")
                        .field("overwrite", "True")
                        .file("content", new byte[] {1, 2}))
                .statusCode())
        .isEqualTo(200);
    assertThat(download(dir + "/file.py", "RAW").body()).containsExactly(1, 2);

    assertError(
        upload(
            new Multipart()
                .field("path", dir + "/y")
                .field("format", "source")
                .file("content", py)),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        upload(
            new Multipart()
                .field("path", dir + "/y")
                .field("language", "python")
                .file("content", py)),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        upload(
            new Multipart()
                .field("path", dir + "/y")
                .field("overwrite", "yes")
                .file("content", py)),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(upload(new Multipart().file("content", py)), 400, "INVALID_PARAMETER_VALUE");
    assertError(upload(new Multipart().field("path", dir + "/y")), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        upload(new Multipart().field("path", "y").file("content", py)),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        asText(
            send(
                "POST",
                "/api/2.0/workspace/import",
                "garbage".getBytes(UTF_8),
                "multipart/form-data; boundary=nothing-like-this")),
        400,
        "MALFORMED_REQUEST");
    assertError(asText(download(dir + "/missing", null)), 404, "RESOURCE_DOES_NOT_EXIST");
    assertThat(paths(dir)).containsExactly(dir + "/auto", dir + "/file.py", dir + "/nb.py");
  }

  @Test
  void multipartContentIsLimitedToTenMegabytes(TestInfo info) {
    String dir = folder(info);
    byte[] big = new byte[10 * 1024 * 1024 + 1];
    assertError(
        upload(
            new Multipart()
                .field("path", dir + "/big")
                .field("format", "RAW")
                .file("content", big)),
        400,
        "MAX_NOTEBOOK_SIZE_EXCEEDED");
    assertThat(list(dir)).isEmpty();
  }

  @Test
  void theGoClisWorkspaceFilesCallsWriteAndReadRawBytes(TestInfo info) {
    String dir = folder(info);
    String url = "/api/2.0/workspace-files/import-file" + dir + "/f.txt";
    assertThat(send("POST", url + "?overwrite=false", "one".getBytes(UTF_8), null).statusCode())
        .isEqualTo(200);
    assertError(
        asText(send("POST", url, "two".getBytes(UTF_8), null)), 400, "RESOURCE_ALREADY_EXISTS");
    assertThat(send("POST", url + "?overwrite=true", "two".getBytes(UTF_8), null).statusCode())
        .isEqualTo(200);
    assertThat(
            new String(
                send("GET", "/api/2.0/workspace-files" + dir + "/f.txt", null, null).body(), UTF_8))
        .isEqualTo("two");
    byte[] py = SAMPLES.get(Language.PYTHON).getBytes(UTF_8);
    assertThat(
            send("POST", "/api/2.0/workspace-files/import-file" + dir + "/nb.py", py, null)
                .statusCode())
        .isEqualTo(200);
    assertThat(admin.workspace().getStatus(dir + "/nb").getObjectType())
        .isEqualTo(ObjectType.NOTEBOOK);
    assertThat(send("GET", "/api/2.0/workspace-files" + dir + "/nb", null, null).body())
        .isEqualTo(py);
    assertError(
        asText(send("POST", "/api/2.0/workspace-files/import-file" + dir + "/no/f", py, null)),
        404,
        "RESOURCE_DOES_NOT_EXIST");
    assertError(
        asText(send("GET", "/api/2.0/workspace-files" + dir + "/none", null, null)),
        404,
        "RESOURCE_DOES_NOT_EXIST");
  }

  // ---------------------------------------------------------------------------------------------
  // Bad input, restarts, the OpenAPI description

  @Test
  void badInputGetsDatabricksErrorsAndChangesNothing(TestInfo info) {
    String dir = folder(info);
    importSource(dir + "/keep", Language.PYTHON, "kept");
    List<ObjectInfo> before = list(dir);
    String ok = "\"format\":\"SOURCE\",\"language\":\"PYTHON\",\"content\":\"" + b64("x") + "\"";
    String target = "\"path\":\"" + dir + "/new\"";
    String keep = "\"path\":\"" + dir + "/keep\"";
    List<String[]> imports =
        List.of(
            new String[] {"{\"path\":", "MALFORMED_REQUEST"},
            new String[] {"[1,2]", "MALFORMED_REQUEST"},
            new String[] {"{\"path\":5," + ok + "}", "INVALID_PARAMETER_VALUE"},
            new String[] {
              "{" + target + "," + ok + ",\"overwrite\":\"yes\"}", "INVALID_PARAMETER_VALUE"
            },
            new String[] {"{" + keep + "," + ok + ",\"overwrite\":1}", "INVALID_PARAMETER_VALUE"},
            new String[] {"{" + ok + "}", "INVALID_PARAMETER_VALUE"},
            new String[] {
              "{" + target + ",\"format\":\"SOURCE\",\"language\":\"PYTHON\"}",
              "INVALID_PARAMETER_VALUE"
            },
            new String[] {
              "{" + target + ",\"language\":\"PYTHON\",\"content\":\"%%%\"}",
              "INVALID_PARAMETER_VALUE"
            },
            new String[] {
              "{" + target + ",\"language\":\"PYTHON\",\"content\":\"e!A=\"}",
              "INVALID_PARAMETER_VALUE"
            },
            new String[] {
              "{" + target + ",\"format\":\"source\",\"language\":\"PYTHON\",\"content\":\"eA==\"}",
              "INVALID_PARAMETER_VALUE"
            },
            new String[] {
              "{" + target + ",\"format\":\"SOURCE\",\"language\":\"JAVA\",\"content\":\"eA==\"}",
              "INVALID_PARAMETER_VALUE"
            },
            new String[] {
              "{" + target + ",\"format\":[\"SOURCE\"],\"content\":\"eA==\"}",
              "INVALID_PARAMETER_VALUE"
            },
            new String[] {"{\"path\":\"Users/admin/x\"," + ok + "}", "INVALID_PARAMETER_VALUE"},
            new String[] {
              "{\"path\":\"" + dir + "/../keep\"," + ok + ",\"overwrite\":true}",
              "INVALID_PARAMETER_VALUE"
            },
            new String[] {"{\"path\":\"" + dir + "//new\"," + ok + "}", "INVALID_PARAMETER_VALUE"},
            new String[] {"{\"path\":\"" + dir + "/./new\"," + ok + "}", "INVALID_PARAMETER_VALUE"},
            new String[] {
              "{\"path\":\"/\"," + ok + ",\"overwrite\":true}", "RESOURCE_ALREADY_EXISTS"
            });
    for (String[] call : imports) {
      assertError(server.call("POST", "/api/2.0/workspace/import", call[0]), 400, call[1]);
    }
    String huge = Base64.getEncoder().encodeToString(new byte[10 * 1024 * 1024 + 1]);
    assertError(
        server.call(
            "POST",
            "/api/2.0/workspace/import",
            "{" + keep + ",\"format\":\"RAW\",\"overwrite\":true,\"content\":\"" + huge + "\"}"),
        400,
        "MAX_NOTEBOOK_SIZE_EXCEEDED");

    assertError(
        server.call("POST", "/api/2.0/workspace/mkdirs", "{\"path\":7}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/workspace/mkdirs", "{}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/workspace/mkdirs", "{\"path\":\"" + dir + "/a/../b\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/workspace/mkdirs", "{\"path\":\"rel/x\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/workspace/delete", "{" + keep + ",\"recursive\":\"maybe\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/workspace/delete", "{\"path\":\"keep\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/workspace/delete", "{\"recursive\":true}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", "/api/2.0/workspace/delete", "{\"path\":\"/\",\"recursive\":true}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("GET", "/api/2.0/workspace/list", null), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("GET", "/api/2.0/workspace/list?path=Users", null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call(
            "GET", "/api/2.0/workspace/list?path=" + dir + "&notebooks_modified_after=soon", null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("GET", "/api/2.0/workspace/get-status?path=" + dir + "/..", null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("GET", "/api/2.0/workspace/export?path=" + dir + "/keep&format=BOGUS", null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call(
            "GET", "/api/2.0/workspace/export?path=" + dir + "/keep&direct_download=maybe", null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("GET", "/api/2.0/workspace/list?path=/Users", null, null),
        401,
        "UNAUTHENTICATED");
    assertError(
        server.call("POST", "/api/2.0/workspace/mkdirs", "{\"path\":\"" + dir + "/x\"}", null),
        401,
        "UNAUTHENTICATED");

    assertThat(list(dir)).isEqualTo(before);
    assertThat(exportText(dir + "/keep", ExportFormat.SOURCE))
        .isEqualTo("# Databricks notebook source\nkept");
  }

  @Test
  void everythingSurvivesARestart(TestInfo info) throws IOException {
    String dir = folder(info);
    importSource(dir + "/nb", Language.SQL, SAMPLES.get(Language.SQL));
    importAs(dir + "/f.bin", ImportFormat.RAW, new byte[] {9, 8, 7}, false);
    admin.workspace().mkdirs(dir + "/d/e");
    List<ObjectInfo> before = list(dir);
    // A user whose home is missing, as for users created before the workspace existed.
    admin.users().create(new User().setUserName("ws-homeless@example.com"));
    admin.workspace().delete(new Delete().setPath("/Users/ws-homeless@example.com"));
    server.restart();
    // The old client's pooled connections went with the old server; later tests use the new one.
    WorkspaceClient again = server.client();
    admin = again;
    assertThat(StreamSupport.stream(again.workspace().list(dir).spliterator(), false).toList())
        .isEqualTo(before);
    assertThat(exportText(dir + "/nb", ExportFormat.SOURCE)).isEqualTo(SAMPLES.get(Language.SQL));
    assertThat(Base64.getDecoder().decode(export(dir + "/f.bin", ExportFormat.RAW).getContent()))
        .containsExactly(9, 8, 7);
    assertThat(again.workspace().getStatus(dir + "/d/e").getObjectType())
        .isEqualTo(ObjectType.DIRECTORY);
    assertThat(again.workspace().getStatus(HOME).getObjectType()).isEqualTo(ObjectType.DIRECTORY);
    assertThat(again.workspace().getStatus("/Users/ws-homeless@example.com").getObjectType())
        .isEqualTo(ObjectType.DIRECTORY);
  }

  @Test
  void clientsRacingToCreateTheSamePathsAllSucceed(TestInfo info) throws Exception {
    String dir = folder(info);
    int clients = 8;
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(clients);
    try {
      List<java.util.concurrent.Future<?>> done = new ArrayList<>();
      for (int i = 0; i < clients; i++) {
        int n = i;
        done.add(
            pool.submit(
                () -> {
                  admin.workspace().mkdirs(dir + "/x/y/z");
                  importAs(
                      dir + "/x/nb.py",
                      ImportFormat.AUTO,
                      ("# Databricks notebook source\n" + n).getBytes(UTF_8),
                      true);
                  return null;
                }));
      }
      for (java.util.concurrent.Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(paths(dir + "/x")).containsExactly(dir + "/x/nb", dir + "/x/y");
    assertThat(exportText(dir + "/x/nb", ExportFormat.SOURCE))
        .matches("# Databricks notebook source\n[0-7]");
  }
}
