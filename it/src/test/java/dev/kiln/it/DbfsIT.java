package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertError;
import static dev.kiln.it.ApiAssertions.assertOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.error.platform.BadRequest;
import com.databricks.sdk.core.error.platform.InvalidParameterValue;
import com.databricks.sdk.core.error.platform.ResourceAlreadyExists;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.mixin.DbfsExt;
import com.databricks.sdk.service.files.AddBlock;
import com.databricks.sdk.service.files.Create;
import com.databricks.sdk.service.files.Delete;
import com.databricks.sdk.service.files.FileInfo;
import com.databricks.sdk.service.files.Move;
import com.databricks.sdk.service.files.Put;
import com.databricks.sdk.service.files.ReadDbfsRequest;
import com.databricks.sdk.service.files.ReadResponse;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.server.api.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DBFS 2.0 through the official Java SDK, plus raw calls for what the SDK would never send. */
class DbfsIT extends ServerIT {
  static final int MiB = 1 << 20;
  static DbfsExt dbfs;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void openDbfs() {
    dbfs = admin.dbfs();
  }

  @AfterAll
  static void emptyRootBeforeStop() {
    emptyRoot(); // test homes are kept; large files should not be
  }

  /** Every test starts from an empty root. */
  @BeforeEach
  void emptyTheRoot() {
    emptyRoot();
  }

  static void emptyRoot() {
    for (FileInfo f : list("/")) {
      dbfs.delete(new Delete().setPath(f.getPath()).setRecursive(true));
    }
  }

  // ---- helpers

  static List<FileInfo> list(String path) {
    return StreamSupport.stream(dbfs.list(path).spliterator(), false).toList();
  }

  static Path root() {
    try {
      return server.config().dbfsRoot().toRealPath();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static Path staging() {
    return root().resolveSibling(root().getFileName() + "-staging");
  }

  static String b64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  static String b64(String s) {
    return b64(s.getBytes(StandardCharsets.UTF_8));
  }

  static void put(String path, String contents) {
    dbfs.put(new Put().setPath(path).setContents(b64(contents)).setOverwrite(true));
  }

  static byte[] readAll(String path) {
    try {
      return dbfs.readAllBytes(Paths.get(path));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static String readString(String path) {
    return new String(readAll(path), StandardCharsets.UTF_8);
  }

  static byte[] random(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  /**
   * The files under the root and the uploads in staging, with their sizes: a picture of what is
   * stored. Replaced files that wait in staging for background deletion are left out.
   */
  static Map<String, Long> storage() {
    Map<String, Long> picture = new TreeMap<>();
    for (Path dir : List.of(root(), staging(), server.home())) {
      try (Stream<Path> files = dir.equals(server.home()) ? Files.list(dir) : Files.walk(dir)) {
        files
            .filter(f -> !f.getFileName().toString().startsWith("replaced-"))
            .forEach(
                f ->
                    picture.put(
                        f.toString(),
                        Files.isRegularFile(f) && !dir.equals(server.home()) ? size(f) : -1));
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return picture;
  }

  private static long size(Path f) {
    try {
      return Files.size(f);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Uploads in progress in staging. */
  static long stagedFiles() {
    try (Stream<Path> files = Files.list(staging())) {
      return files.filter(f -> f.getFileName().toString().startsWith("upload-")).count();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  static void assertBadRequest(ThrowingCallable call, String errorCode) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            BadRequest.class,
            e -> {
              assertThat(e.getErrorCode()).isEqualTo(errorCode);
              assertThat(e.getStatusCode()).isEqualTo(400);
            });
  }

  static HttpResponse<String> post(String route, String json) {
    return server.call("POST", "/api/2.0/dbfs/" + route, json);
  }

  static HttpResponse<String> get(String route, String query) {
    return server.call("GET", "/api/2.0/dbfs/" + route + "?" + query, null);
  }

  static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static HttpResponse<String> send(HttpRequest.BodyPublisher body, String contentType) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.url() + "/api/2.0/dbfs/put"))
            .header("Authorization", "Bearer " + server.adminToken())
            .header("Content-Type", contentType)
            .POST(body)
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> multipart(Multipart body) {
    return send(body.body(), body.contentType());
  }

  // ---- the SDK, endpoint by endpoint

  @Test
  void putGetStatusReadAndListAcceptTheSchemeAndAnswerWithoutIt() {
    long before = System.currentTimeMillis() - 2000;
    dbfs.put(new Put().setPath("dbfs:/docs/hello.txt").setContents(b64("hello dbfs")));

    FileInfo status = dbfs.getStatus("dbfs:/docs/hello.txt");
    assertThat(status.getPath()).isEqualTo("/docs/hello.txt");
    assertThat(status.getIsDir()).isFalse();
    assertThat(status.getFileSize()).isEqualTo(10L);
    assertThat(status.getModificationTime()).isBetween(before, System.currentTimeMillis() + 2000);

    FileInfo dir = dbfs.getStatus("/docs");
    assertThat(dir.getIsDir()).isTrue();
    assertThat(dir.getPath()).isEqualTo("/docs");
    assertThat(dbfs.getStatus("dbfs:/").getIsDir()).isTrue();

    assertThat(list("/docs")).extracting(FileInfo::getPath).containsExactly("/docs/hello.txt");
    assertThat(list("dbfs:/docs/hello.txt"))
        .singleElement()
        .satisfies(f -> assertThat(f.getFileSize()).isEqualTo(10L));
    assertThat(list("/")).extracting(FileInfo::getPath).containsExactly("/docs");

    ReadResponse read = dbfs.read(new ReadDbfsRequest().setPath("dbfs:/docs/hello.txt"));
    assertThat(read.getBytesRead()).isEqualTo(10L);
    assertThat(Base64.getDecoder().decode(read.getData())).asString().isEqualTo("hello dbfs");
  }

  @Test
  void anEmptyFileAndAnEmptyDirectory() {
    dbfs.put(new Put().setPath("/empty.txt").setContents(""));
    assertThat(dbfs.getStatus("/empty.txt").getFileSize()).isZero();
    ReadResponse read = dbfs.read(new ReadDbfsRequest().setPath("/empty.txt"));
    assertThat(read.getBytesRead()).isZero();
    assertThat(read.getData()).isEmpty();
    dbfs.mkdirs("/nothing-here");
    assertThat(list("/nothing-here")).isEmpty();
  }

  @Test
  void severalMegabytesRoundTripThroughTheSdkStreams() throws IOException {
    byte[] data = random(5 * MiB + 12345, 1);
    dbfs.write(Paths.get("/big/round-trip.bin"), data);
    assertThat(dbfs.getStatus("/big/round-trip.bin").getFileSize()).isEqualTo(data.length);
    assertThat(readAll("/big/round-trip.bin")).isEqualTo(data);

    // The same through the raw streams, block by block.
    byte[] other = random(3 * MiB + 1, 2);
    try (OutputStream out = dbfs.getOutputStream("/big/streamed.bin")) {
      out.write(other);
    }
    try (InputStream in = dbfs.open("/big/streamed.bin")) {
      assertThat(in.readAllBytes()).isEqualTo(other);
    }
    assertThat(stagedFiles()).isZero();
  }

  @Test
  void createAddBlockCloseMakesTheFileAppearOnlyAtClose() {
    long handle = dbfs.create(new Create().setPath("dbfs:/blocks/f.bin")).getHandle();
    assertThat(handle).isPositive();
    dbfs.addBlock(new AddBlock().setHandle(handle).setData(b64("first ")));
    dbfs.addBlock(new AddBlock().setHandle(handle).setData(b64("second")));
    assertThatThrownBy(() -> dbfs.getStatus("/blocks/f.bin"))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> dbfs.getStatus("/blocks")).isInstanceOf(ResourceDoesNotExist.class);
    assertThat(stagedFiles()).isOne();

    dbfs.close(handle);
    assertThat(readString("/blocks/f.bin")).isEqualTo("first second");
    assertThat(stagedFiles()).isZero();
    assertThatThrownBy(() -> dbfs.close(handle)).isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> dbfs.addBlock(new AddBlock().setHandle(handle).setData(b64("x"))))
        .isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void unknownHandlesDoNotExist() {
    assertThatThrownBy(() -> dbfs.addBlock(new AddBlock().setHandle(12345L).setData(b64("x"))))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> dbfs.close(12345L)).isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void overwriteFalseRefusesAnExistingFileAndChangesNothing() {
    put("/o.txt", "original");
    assertThatThrownBy(
            () -> dbfs.put(new Put().setPath("/o.txt").setContents(b64("new")).setOverwrite(false)))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThatThrownBy(() -> dbfs.put(new Put().setPath("/o.txt").setContents(b64("new"))))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThatThrownBy(() -> dbfs.create(new Create().setPath("dbfs:/o.txt")))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThat(readString("/o.txt")).isEqualTo("original");
    assertThat(stagedFiles()).isZero();

    dbfs.put(new Put().setPath("/o.txt").setContents(b64("replaced")).setOverwrite(true));
    assertThat(readString("/o.txt")).isEqualTo("replaced");
    long handle = dbfs.create(new Create().setPath("/o.txt").setOverwrite(true)).getHandle();
    dbfs.addBlock(new AddBlock().setHandle(handle).setData(b64("streamed")));
    dbfs.close(handle);
    assertThat(readString("/o.txt")).isEqualTo("streamed");
  }

  @Test
  void aDirectoryIsNeverOverwrittenByAFile() {
    dbfs.mkdirs("/dir/sub");
    assertThatThrownBy(
            () -> dbfs.put(new Put().setPath("/dir").setContents(b64("x")).setOverwrite(true)))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThatThrownBy(() -> dbfs.create(new Create().setPath("/dir").setOverwrite(true)))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThat(dbfs.getStatus("/dir/sub").getIsDir()).isTrue();
  }

  @Test
  void blocksAndInlineContentsAreLimitedToOneMegabyte() {
    byte[] exactly = random(MiB, 3);
    dbfs.put(new Put().setPath("/max.bin").setContents(b64(exactly)));
    assertThat(readAll("/max.bin")).isEqualTo(exactly);

    String tooBig = b64(random(MiB + 1, 4));
    assertBadRequest(
        () -> dbfs.put(new Put().setPath("/over.bin").setContents(tooBig)),
        "MAX_BLOCK_SIZE_EXCEEDED");
    assertThatThrownBy(() -> dbfs.getStatus("/over.bin")).isInstanceOf(ResourceDoesNotExist.class);

    long handle = dbfs.create(new Create().setPath("/blocks.bin")).getHandle();
    dbfs.addBlock(new AddBlock().setHandle(handle).setData(b64(exactly)));
    assertBadRequest(
        () -> dbfs.addBlock(new AddBlock().setHandle(handle).setData(tooBig)),
        "MAX_BLOCK_SIZE_EXCEEDED");
    // The refused block was not written and the stream goes on.
    dbfs.addBlock(new AddBlock().setHandle(handle).setData(b64("tail")));
    dbfs.close(handle);
    assertThat(dbfs.getStatus("/blocks.bin").getFileSize()).isEqualTo(MiB + 4L);
  }

  @Test
  void readsAreBoundedAndEndGracefully() throws IOException {
    byte[] data = random(3 * MiB, 5);
    dbfs.write(Paths.get("/r.bin"), data);
    ReadResponse defaultLength = dbfs.read(new ReadDbfsRequest().setPath("/r.bin"));
    assertThat(defaultLength.getBytesRead()).isEqualTo(512 * 1024L);

    ReadResponse full =
        dbfs.read(
            new ReadDbfsRequest().setPath("/r.bin").setOffset(MiB + 7L).setLength((long) MiB));
    assertThat(Base64.getDecoder().decode(full.getData()))
        .isEqualTo(Arrays.copyOfRange(data, MiB + 7, 2 * MiB + 7));

    ReadResponse tail =
        dbfs.read(new ReadDbfsRequest().setPath("/r.bin").setOffset(3L * MiB - 10).setLength(100L));
    assertThat(tail.getBytesRead()).isEqualTo(10L);
    ReadResponse past =
        dbfs.read(new ReadDbfsRequest().setPath("/r.bin").setOffset(5L * MiB).setLength(100L));
    assertThat(past.getBytesRead()).isZero();
    assertThat(past.getData()).isEmpty();

    assertBadRequest(
        () -> dbfs.read(new ReadDbfsRequest().setPath("/r.bin").setLength(MiB + 1L)),
        "MAX_READ_SIZE_EXCEEDED");
    assertThatThrownBy(() -> dbfs.read(new ReadDbfsRequest().setPath("/r.bin").setOffset(-1L)))
        .isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(() -> dbfs.read(new ReadDbfsRequest().setPath("/r.bin").setLength(-5L)))
        .isInstanceOf(InvalidParameterValue.class);
    assertThatThrownBy(() -> dbfs.read(new ReadDbfsRequest().setPath("/missing.bin")))
        .isInstanceOf(ResourceDoesNotExist.class);
    dbfs.mkdirs("/a-dir");
    assertThatThrownBy(() -> dbfs.read(new ReadDbfsRequest().setPath("/a-dir")))
        .isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void mkdirsIsMkdirPAndAFileOnThePrefixAlreadyExists() {
    dbfs.mkdirs("dbfs:/m/a/b/c");
    dbfs.mkdirs("/m/a/b/c");
    dbfs.mkdirs("/m/a");
    assertThat(dbfs.getStatus("/m/a/b/c").getIsDir()).isTrue();
    put("/m/file", "x");
    assertThatThrownBy(() -> dbfs.mkdirs("/m/file/sub")).isInstanceOf(ResourceAlreadyExists.class);
    assertThatThrownBy(() -> dbfs.mkdirs("/m/file")).isInstanceOf(ResourceAlreadyExists.class);
    assertThat(dbfs.getStatus("/m/file").getIsDir()).isFalse();
  }

  @Test
  void listGivesChildrenInOrderAndMissingPathsDoNotExist() {
    put("/l/b.txt", "bb");
    put("/l/a.txt", "a");
    dbfs.mkdirs("/l/c");
    assertThat(list("/l"))
        .extracting(FileInfo::getPath, FileInfo::getIsDir, FileInfo::getFileSize)
        .containsExactly(
            Tuple.tuple("/l/a.txt", false, 1L),
            Tuple.tuple("/l/b.txt", false, 2L),
            Tuple.tuple("/l/c", true, 0L));
    assertThatThrownBy(() -> list("/nope")).isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> dbfs.getStatus("/nope")).isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> dbfs.getStatus("/l/a.txt/below"))
        .isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void moveRenamesFilesAndWholeDirectories() {
    put("/src/one.txt", "1");
    put("/src/deep/two.txt", "2");
    dbfs.move(new Move().setSourcePath("dbfs:/src/one.txt").setDestinationPath("/dst/uno.txt"));
    assertThat(readString("/dst/uno.txt")).isEqualTo("1");
    assertThatThrownBy(() -> dbfs.getStatus("/src/one.txt"))
        .isInstanceOf(ResourceDoesNotExist.class);

    dbfs.move(new Move().setSourcePath("/src").setDestinationPath("dbfs:/moved/src"));
    assertThat(readString("/moved/src/deep/two.txt")).isEqualTo("2");
    assertThatThrownBy(() -> dbfs.getStatus("/src")).isInstanceOf(ResourceDoesNotExist.class);

    assertThatThrownBy(
            () -> dbfs.move(new Move().setSourcePath("/nothing").setDestinationPath("/x")))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(
            () ->
                dbfs.move(
                    new Move().setSourcePath("/dst/uno.txt").setDestinationPath("/moved/src")))
        .isInstanceOf(ResourceAlreadyExists.class);
    assertThat(readString("/dst/uno.txt")).isEqualTo("1");
  }

  @Test
  void deleteFilesAndDirectories() {
    put("/d/f.txt", "x");
    put("/d/sub/g.txt", "y");
    dbfs.mkdirs("/d/empty");

    dbfs.delete(new Delete().setPath("dbfs:/d/f.txt"));
    assertThatThrownBy(() -> dbfs.getStatus("/d/f.txt")).isInstanceOf(ResourceDoesNotExist.class);
    dbfs.delete(new Delete().setPath("/d/empty"));
    assertThatThrownBy(() -> dbfs.getStatus("/d/empty")).isInstanceOf(ResourceDoesNotExist.class);

    assertBadRequest(() -> dbfs.delete(new Delete().setPath("/d")), "IO_ERROR");
    assertBadRequest(() -> dbfs.delete(new Delete().setPath("/d").setRecursive(false)), "IO_ERROR");
    assertThat(readString("/d/sub/g.txt")).isEqualTo("y");

    dbfs.delete(new Delete().setPath("/d").setRecursive(true));
    assertThatThrownBy(() -> dbfs.getStatus("/d")).isInstanceOf(ResourceDoesNotExist.class);

    // Like Databricks, deleting what is not there succeeds.
    dbfs.delete(new Delete().setPath("/d"));
    dbfs.delete(new Delete().setPath("/never/was").setRecursive(true));
    assertThatThrownBy(() -> dbfs.delete(new Delete().setPath("/").setRecursive(true)))
        .isInstanceOf(InvalidParameterValue.class);
  }

  @Test
  void concurrentPutsWithoutOverwriteHaveExactlyOneWinner() throws Exception {
    int writers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    try {
      List<Future<HttpResponse<String>>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        String body = "{\"path\":\"/race.txt\",\"contents\":\"" + b64("writer " + i) + "\"}";
        results.add(pool.submit(() -> post("put", body)));
      }
      int won = 0;
      for (Future<HttpResponse<String>> result : results) {
        HttpResponse<String> response = result.get();
        if (response.statusCode() == 200) {
          won++;
        } else {
          assertError(response, 400, "RESOURCE_ALREADY_EXISTS");
        }
      }
      assertThat(won).isOne();
      assertThat(readString("/race.txt")).startsWith("writer ");
      assertThat(stagedFiles()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- multipart put

  @Test
  void multipartUploadOfSeveralMegabytesAsTheLegacyCliSendsIt() {
    byte[] data = random(7 * MiB + 3, 6);
    HttpResponse<String> response =
        multipart(
            new Multipart()
                .field("path", "dbfs:/uploads/cli.bin")
                .field("overwrite", "True")
                .file("file", data));
    assertThat(assertOk(response).isEmpty()).isTrue();
    assertThat(dbfs.getStatus("/uploads/cli.bin").getFileSize()).isEqualTo(data.length);
    assertThat(readAll("/uploads/cli.bin")).isEqualTo(data);

    // overwrite=False on an existing file: refused, contents untouched.
    assertError(
        multipart(
            new Multipart()
                .field("path", "/uploads/cli.bin")
                .field("overwrite", "False")
                .file("file", "other".getBytes(StandardCharsets.UTF_8))),
        400,
        "RESOURCE_ALREADY_EXISTS");
    assertThat(readAll("/uploads/cli.bin")).isEqualTo(data);
    assertThat(stagedFiles()).isZero();
  }

  @Test
  void multipartFieldsMayFollowTheFileAndThePartMayBeCalledContents() {
    assertOk(
        multipart(
            new Multipart()
                .file("contents", "late fields".getBytes(StandardCharsets.UTF_8))
                .field("overwrite", "FALSE")
                .field("path", "/late.txt")));
    assertThat(readString("/late.txt")).isEqualTo("late fields");
    assertError(
        multipart(
            new Multipart()
                .file("file", "again".getBytes(StandardCharsets.UTF_8))
                .field("path", "/late.txt")),
        400,
        "RESOURCE_ALREADY_EXISTS");
    assertOk(
        multipart(
            new Multipart()
                .file("file", "again".getBytes(StandardCharsets.UTF_8))
                .field("path", "/late.txt")
                .field("overwrite", "true")));
    assertThat(readString("/late.txt")).isEqualTo("again");
    assertThat(stagedFiles()).isZero();
  }

  @Test
  void multipartUploadsLargerThanTheBodyLimitStreamToDisk() throws Exception {
    long size = server.config().maxBodyBytes() + 16L * MiB + 5;
    HttpResponse<String> response =
        multipart(
            new Multipart()
                .field("path", "/huge/stream.bin")
                .field("overwrite", "true")
                .file("file", () -> new PatternStream(size)));
    assertOk(response);
    assertThat(dbfs.getStatus("/huge/stream.bin").getFileSize()).isEqualTo(size);
    assertThat(sha256(Files.newInputStream(root().resolve("huge/stream.bin"))))
        .isEqualTo(sha256(new PatternStream(size)));
    // Spot-check through the API too.
    ReadResponse middle =
        dbfs.read(
            new ReadDbfsRequest().setPath("/huge/stream.bin").setOffset(size / 2).setLength(64L));
    byte[] expected = new byte[64];
    PatternStream.fill(expected, size / 2);
    assertThat(Base64.getDecoder().decode(middle.getData())).isEqualTo(expected);
    assertThat(stagedFiles()).isZero();
  }

  @Test
  void badMultipartUploadsAreRefusedAndLeaveNothing() {
    Map<String, Long> before = storage();
    byte[] data = "data".getBytes(StandardCharsets.UTF_8);
    assertError(multipart(new Multipart().file("file", data)), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        multipart(
            new Multipart().field("path", "/m.txt").field("overwrite", "maybe").file("file", data)),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        multipart(new Multipart().field("path", "/m.txt").field("overwrite", "true")),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        multipart(new Multipart().field("path", "/../m.txt").file("file", data)),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        multipart(new Multipart().file("file", data).field("path", "dbfs:/a/%2e%2e/%2e%2e/m.txt")),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        multipart(new Multipart().field("path", "relative.txt").file("file", data)),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        multipart(
            new Multipart().field("path", "/m.txt").file("file", data).file("contents", data)),
        400,
        "INVALID_PARAMETER_VALUE");
    assertThat(storage()).isEqualTo(before);
  }

  @Test
  void aMultipartUploadCutShortLeavesNoFile() {
    Map<String, Long> before = storage();
    Multipart body =
        new Multipart()
            .field("path", "/cut.bin")
            .field("overwrite", "true")
            .file("file", random(3 * MiB, 7));
    assertError(send(body.truncatedBody(), body.contentType()), 400, "MALFORMED_REQUEST");
    assertError(
        send(HttpRequest.BodyPublishers.ofString("not multipart at all"), body.contentType()),
        400,
        "MALFORMED_REQUEST");
    assertError(
        send(HttpRequest.BodyPublishers.ofString("x"), "multipart/form-data"),
        400,
        "MALFORMED_REQUEST");
    assertThatThrownBy(() -> dbfs.getStatus("/cut.bin")).isInstanceOf(ResourceDoesNotExist.class);
    assertThat(storage()).isEqualTo(before);
  }

  // ---- raw bad input

  @Test
  void malformedJsonWrongTypesAndMissingFieldsChangeNothing() {
    put("/keep.txt", "keep");
    Map<String, Long> before = storage();

    assertError(post("put", "{\"path\":"), 400, "MALFORMED_REQUEST");
    assertError(post("put", "[1]"), 400, "MALFORMED_REQUEST");
    assertError(post("create", "{\"path\":\"/x\""), 400, "MALFORMED_REQUEST");
    assertError(post("add-block", "not json"), 400, "MALFORMED_REQUEST");

    assertError(post("put", "{\"path\":5,\"contents\":\"\"}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        post("put", "{\"path\":\"/x\",\"overwrite\":\"maybe\"}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(post("put", "{\"path\":\"/x\",\"contents\":12}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        post("put", "{\"path\":\"/x\",\"contents\":\"***\"}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(post("create", "{\"path\":[\"/x\"]}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        post("add-block", "{\"handle\":\"abc\",\"data\":\"\"}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        post("add-block", "{\"handle\":1.5,\"data\":\"\"}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(post("close", "{\"handle\":true}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(
        post("delete", "{\"path\":\"/keep.txt\",\"recursive\":\"yes\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        post("move", "{\"source_path\":{},\"destination_path\":\"/y\"}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(get("read", "path=/keep.txt&offset=abc"), 400, "INVALID_PARAMETER_VALUE");
    assertError(get("read", "path=/keep.txt&length=1.5"), 400, "INVALID_PARAMETER_VALUE");

    for (String route : List.of("put", "create", "mkdirs", "delete")) {
      assertThat(assertError(post(route, "{}"), 400, "INVALID_PARAMETER_VALUE")).contains("path");
    }
    assertThat(assertError(post("add-block", "{\"data\":\"\"}"), 400, "INVALID_PARAMETER_VALUE"))
        .contains("handle");
    assertThat(assertError(post("add-block", "{\"handle\":1}"), 400, "INVALID_PARAMETER_VALUE"))
        .contains("data");
    assertError(post("close", "{}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(post("move", "{\"source_path\":\"/keep.txt\"}"), 400, "INVALID_PARAMETER_VALUE");
    assertError(post("move", "{\"destination_path\":\"/y\"}"), 400, "INVALID_PARAMETER_VALUE");
    for (String route : List.of("read", "get-status", "list")) {
      assertError(get(route, ""), 400, "INVALID_PARAMETER_VALUE");
    }

    assertThat(storage()).isEqualTo(before);
    assertThat(readString("/keep.txt")).isEqualTo("keep");
  }

  @Test
  void pathEscapesAreRefusedEverywhereAndChangeNothing() throws IOException {
    put("/a/keep.txt", "keep");
    Files.writeString(server.home().resolve("outside.txt"), "outside");
    Map<String, Long> before = storage();

    List<String> escapes =
        List.of(
            "dbfs:/../x",
            "/../x",
            "/a/../../x",
            "/a/../../outside.txt",
            "/%2e%2e/x",
            "/a/%2E%2E/%2e%2e/outside.txt",
            "/a/.%2e/.%2e/x",
            "/%252e%252e/x",
            "/a%2f..%2f..%2fx",
            "/a\u0000b",
            "/a/\u0000/../../x",
            "/..\\..\\x",
            "/\uFF0E\uFF0E/x",
            "x",
            "a/b",
            "dbfs:x",
            "./x");
    for (String escape : escapes) {
      String path = JsonString.of(escape);
      String b64 = b64("pwned");
      assertError(
          post("put", "{\"path\":" + path + ",\"contents\":\"" + b64 + "\",\"overwrite\":true}"),
          400,
          "INVALID_PARAMETER_VALUE");
      assertError(
          post("create", "{\"path\":" + path + ",\"overwrite\":true}"),
          400,
          "INVALID_PARAMETER_VALUE");
      assertError(post("mkdirs", "{\"path\":" + path + "}"), 400, "INVALID_PARAMETER_VALUE");
      assertError(
          post("delete", "{\"path\":" + path + ",\"recursive\":true}"),
          400,
          "INVALID_PARAMETER_VALUE");
      assertError(
          post("move", "{\"source_path\":\"/a/keep.txt\",\"destination_path\":" + path + "}"),
          400,
          "INVALID_PARAMETER_VALUE");
      assertError(
          post("move", "{\"source_path\":" + path + ",\"destination_path\":\"/stolen\"}"),
          400,
          "INVALID_PARAMETER_VALUE");
      for (String route : List.of("read", "get-status", "list")) {
        assertError(get(route, "path=" + q(escape)), 400, "INVALID_PARAMETER_VALUE");
      }
    }
    // Query strings are decoded once by the server; encoded dots must still not climb out.
    assertError(get("read", "path=/%2e%2e/outside.txt"), 400, "INVALID_PARAMETER_VALUE");
    assertError(get("list", "path=%2f%2e%2e"), 400, "INVALID_PARAMETER_VALUE");
    assertError(get("get-status", "path=/a/%252e%252e/%252e%252e"), 400, "INVALID_PARAMETER_VALUE");

    assertThat(storage()).isEqualTo(before);
    assertThat(server.home().resolve("outside.txt")).hasContent("outside");
    assertThat(server.home().resolve("x")).doesNotExist();
    assertThat(root().resolveSibling("x")).doesNotExist();
    assertThat(root().resolve("stolen")).doesNotExist();
  }

  @Test
  void aSymlinkPlantedInTheRootLeadsNowhere() throws IOException {
    Path outside = Files.createDirectories(server.home().resolve("outside-dir"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(root().resolve("escape"), outside);
    Files.createSymbolicLink(root().resolve("secret-link"), outside.resolve("secret.txt"));
    try {
      Map<String, Long> before = storage();
      assertThat(list("/")).isEmpty(); // links are not listed
      for (String path : List.of("/escape/secret.txt", "/secret-link")) {
        assertThatThrownBy(() -> dbfs.read(new ReadDbfsRequest().setPath(path)))
            .isInstanceOf(InvalidParameterValue.class);
        assertThatThrownBy(() -> dbfs.getStatus(path)).isInstanceOf(InvalidParameterValue.class);
        assertThatThrownBy(() -> list(path)).isInstanceOf(InvalidParameterValue.class);
        assertThatThrownBy(
                () ->
                    dbfs.put(new Put().setPath(path).setContents(b64("pwned")).setOverwrite(true)))
            .isInstanceOf(InvalidParameterValue.class);
        assertThatThrownBy(() -> dbfs.delete(new Delete().setPath(path).setRecursive(true)))
            .isInstanceOf(InvalidParameterValue.class);
        assertThatThrownBy(
                () -> dbfs.move(new Move().setSourcePath(path).setDestinationPath("/stolen")))
            .isInstanceOf(InvalidParameterValue.class);
      }
      assertThatThrownBy(() -> dbfs.put(new Put().setPath("/escape/new.txt").setContents(b64("x"))))
          .isInstanceOf(InvalidParameterValue.class);
      assertThatThrownBy(() -> dbfs.create(new Create().setPath("/escape/new.txt")))
          .isInstanceOf(InvalidParameterValue.class);
      assertThatThrownBy(() -> dbfs.mkdirs("/escape/sub"))
          .isInstanceOf(InvalidParameterValue.class);
      assertThatThrownBy(() -> dbfs.delete(new Delete().setPath("/escape")))
          .isInstanceOf(InvalidParameterValue.class);
      assertError(
          multipart(new Multipart().field("path", "/escape/up.bin").file("file", random(1000, 8))),
          400,
          "INVALID_PARAMETER_VALUE");
      assertThat(storage()).isEqualTo(before);
      try (Stream<Path> files = Files.list(outside)) {
        assertThat(files).containsExactly(outside.resolve("secret.txt"));
      }
      assertThat(outside.resolve("secret.txt")).hasContent("secret");
    } finally {
      Files.delete(root().resolve("escape"));
      Files.delete(root().resolve("secret-link"));
    }
  }

  @Test
  void oversizeBlocksChangeNothing() {
    Map<String, Long> before = storage();
    String tooBig = b64(random(MiB + 1, 9));
    assertError(
        post("put", "{\"path\":\"/big.bin\",\"contents\":\"" + tooBig + "\"}"),
        400,
        "MAX_BLOCK_SIZE_EXCEEDED");
    assertThat(storage()).isEqualTo(before);
    long handle = dbfs.create(new Create().setPath("/big.bin")).getHandle();
    Map<String, Long> opened = storage();
    assertError(
        post("add-block", "{\"handle\":" + handle + ",\"data\":\"" + tooBig + "\"}"),
        400,
        "MAX_BLOCK_SIZE_EXCEEDED");
    assertThat(storage()).isEqualTo(opened);
    dbfs.close(handle);
  }

  @Test
  void theLegacyCliWireFormIsUnderstood() {
    JsonNode created =
        assertOk(
            server.call(
                "POST",
                "/api/2.0/dbfs/create",
                "{\"path\":\"dbfs:/cli/f.txt\",\"overwrite\":true}",
                "text/json",
                server.adminToken()));
    String handle = created.path("handle").asText();
    assertThat(created.path("handle").isIntegralNumber()).isTrue();
    assertOk(post("add-block", "{\"handle\":\"" + handle + "\",\"data\":\"" + b64("cli") + "\"}"));
    assertThat(assertOk(post("close", "{\"handle\":" + handle + "}")).isEmpty()).isTrue();
    JsonNode status = assertOk(get("get-status", "path=" + q("dbfs:/cli/f.txt")));
    assertThat(status.path("path").asText()).isEqualTo("/cli/f.txt");
    assertThat(status.path("is_dir").asBoolean(true)).isFalse();
    assertThat(status.path("file_size").asLong()).isEqualTo(3);
    assertThat(status.has("modification_time")).isTrue();
    JsonNode read =
        assertOk(get("read", "path=" + q("dbfs:/cli/f.txt") + "&offset=0&length=1048576"));
    assertThat(read.path("bytes_read").asLong()).isEqualTo(3);
    assertThat(read.path("data").asText()).isEqualTo(b64("cli"));
    JsonNode past = assertOk(get("read", "path=/cli/f.txt&offset=3&length=10"));
    assertThat(past.path("bytes_read").asLong()).isZero();
    assertThat(past.has("data")).isTrue();
    assertThat(assertOk(get("list", "path=/cli")).path("files")).hasSize(1);
    assertThat(assertOk(post("delete", "{\"path\":\"dbfs:/cli\",\"recursive\":true}")).isEmpty())
        .isTrue();
  }

  // ---- durability

  @Test
  void anAbandonedHandleLeavesNoFileAtTheTarget() throws IOException {
    long handle = dbfs.create(new Create().setPath("/abandoned/f.bin")).getHandle();
    dbfs.addBlock(new AddBlock().setHandle(handle).setData(b64(random(MiB, 10))));
    assertThat(stagedFiles()).isOne();
    assertThatThrownBy(() -> dbfs.getStatus("/abandoned/f.bin"))
        .isInstanceOf(ResourceDoesNotExist.class);

    server.restart();
    dbfs = server.client().dbfs();
    assertThat(stagedFiles()).isZero();
    assertThatThrownBy(() -> dbfs.close(handle)).isInstanceOf(ResourceDoesNotExist.class);
    assertThatThrownBy(() -> dbfs.getStatus("/abandoned")).isInstanceOf(ResourceDoesNotExist.class);
  }

  @Test
  void dataSurvivesARestart() throws IOException {
    byte[] data = random(2 * MiB + 1, 11);
    dbfs.write(Paths.get("/kept/streamed.bin"), data);
    put("/kept/inline.txt", "inline");
    dbfs.mkdirs("/kept/empty-dir");
    server.restart();
    dbfs = server.client().dbfs();
    assertThat(readAll("/kept/streamed.bin")).isEqualTo(data);
    assertThat(readString("/kept/inline.txt")).isEqualTo("inline");
    assertThat(dbfs.getStatus("/kept/empty-dir").getIsDir()).isTrue();
  }

  // ---- description

  @Test
  void everyDbfsRouteIsDescribedInTheOpenApi() {
    JsonNode paths = assertOk(server.call("GET", "/openapi.json", null, null)).path("paths");
    List<Router.Route> routes =
        server.server().routes().stream()
            .filter(r -> r.path().startsWith("/api/2.0/dbfs/"))
            .toList();
    assertThat(routes).hasSize(10);
    for (Router.Route route : routes) {
      assertThat(paths.path(route.path()).has(route.method().toLowerCase(Locale.ROOT)))
          .as("%s %s in openapi.json", route.method(), route.path())
          .isTrue();
    }
  }

  // ---- generated data

  static String sha256(InputStream in) throws IOException, NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    try (in) {
      byte[] buffer = new byte[MiB];
      for (int n; (n = in.read(buffer)) > 0; ) {
        digest.update(buffer, 0, n);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** A stream of {@code size} bytes where each byte depends on its position only. */
  static final class PatternStream extends InputStream {
    private final long size;
    private long position;

    PatternStream(long size) {
      this.size = size;
    }

    static byte at(long position) {
      long x = (position + 1) * 0x9E3779B97F4A7C15L;
      return (byte) (x ^ (x >>> 29));
    }

    static void fill(byte[] buffer, long from) {
      for (int i = 0; i < buffer.length; i++) {
        buffer[i] = at(from + i);
      }
    }

    @Override
    public int read() {
      return position < size ? at(position++) & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= size) {
        return -1;
      }
      int n = (int) Math.min(len, size - position);
      for (int i = 0; i < n; i++) {
        b[off + i] = at(position + i);
      }
      position += n;
      return n;
    }
  }

  /** JSON string literals for raw bodies, with control characters escaped. */
  static final class JsonString {
    private JsonString() {}

    static String of(String s) {
      StringBuilder out = new StringBuilder("\"");
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '"' || c == '\\') {
          out.append('\\').append(c);
        } else if (c < 0x20) {
          out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
        } else {
          out.append(c);
        }
      }
      return out.append('"').toString();
    }
  }
}
