package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertError;
import static dev.kiln.it.WorkspaceCalls.JSON;
import static dev.kiln.it.WorkspaceCalls.SAMPLES;
import static dev.kiln.it.WorkspaceCalls.folder;
import static dev.kiln.it.WorkspaceCalls.list;
import static dev.kiln.it.WorkspaceCalls.paths;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.workspace.Language;
import com.databricks.sdk.service.workspace.ObjectType;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/**
 * What the Python SDK's upload/download and the Go CLI send to the Workspace API (the Java SDK has
 * no such helpers): multipart imports, direct-download exports and the workspace-files endpoints.
 */
class WorkspaceUploadIT extends ServerIT {
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** A raw call as the admin, with the answer's body as bytes. */
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
    String dir = folder(admin, info);
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

    // Bad options, a missing part and a relative path are each refused.
    for (Multipart bad :
        List.of(
            new Multipart().field("path", dir + "/y").field("format", "source").file("content", py),
            new Multipart()
                .field("path", dir + "/y")
                .field("language", "python")
                .file("content", py),
            new Multipart().field("path", dir + "/y").field("overwrite", "yes").file("content", py),
            new Multipart().file("content", py),
            new Multipart().field("path", dir + "/y"),
            new Multipart().field("path", "y").file("content", py))) {
      assertError(upload(bad), 400, "INVALID_PARAMETER_VALUE");
    }
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
    assertThat(paths(admin, dir)).containsExactly(dir + "/auto", dir + "/file.py", dir + "/nb.py");
  }

  @Test
  void multipartContentIsLimitedToTenMegabytes(TestInfo info) {
    String dir = folder(admin, info);
    byte[] big = new byte[10 * 1024 * 1024 + 1];
    assertError(
        upload(
            new Multipart()
                .field("path", dir + "/big")
                .field("format", "RAW")
                .file("content", big)),
        400,
        "MAX_NOTEBOOK_SIZE_EXCEEDED");
    assertThat(list(admin, dir)).isEmpty();
  }

  @Test
  void theGoClisWorkspaceFilesCallsWriteAndReadRawBytes(TestInfo info) {
    String dir = folder(admin, info);
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
}
