package dev.kiln.server.dbfs;

import static dev.kiln.server.testing.ApiErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.Json;
import dev.kiln.model.dbfs.AddBlockRequest;
import dev.kiln.model.dbfs.CloseRequest;
import dev.kiln.model.dbfs.CreateRequest;
import dev.kiln.model.dbfs.DeleteRequest;
import dev.kiln.model.dbfs.FileInfo;
import dev.kiln.model.dbfs.MoveRequest;
import dev.kiln.model.dbfs.PathRequest;
import dev.kiln.model.dbfs.PutRequest;
import dev.kiln.model.dbfs.ReadRequest;
import dev.kiln.model.dbfs.ReadResponse;
import dev.kiln.model.testing.TestClock;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbfsServiceTest {
  @TempDir Path home;
  final TestClock clock = new TestClock();
  DbfsService dbfs;
  Path rootDir;
  Path stagingDir;

  @BeforeEach
  void setUp() throws IOException {
    dbfs = open();
  }

  private DbfsService open() throws IOException {
    DbfsRoot root = DbfsRoot.open(home.resolve("dbfs"));
    Staging staging = Staging.beside(root.dir());
    rootDir = root.dir();
    stagingDir = staging.dir();
    return new DbfsService(root, staging, new UploadHandles(clock), clock);
  }

  @AfterEach
  void tearDown() {
    dbfs.close();
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private long count(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    }
  }

  private String read(String path) {
    ReadResponse r = dbfs.read(new ReadRequest(path, 0L, 1L << 20));
    return new String(Base64.getDecoder().decode(r.data()), StandardCharsets.UTF_8);
  }

  @Test
  void stagingIsBesideTheRootAndNeverInIt() {
    assertThat(stagingDir.getParent()).isEqualTo(rootDir.getParent());
    assertThat(stagingDir).isNotEqualTo(rootDir);
    assertThat(stagingDir.startsWith(rootDir)).isFalse();
  }

  @Test
  void leftoversOfACrashAreCleanedAtOpen() throws IOException {
    Files.writeString(stagingDir.resolve("upload-1.part"), "half a file");
    dbfs.close();
    dbfs = open();
    assertThat(count(stagingDir)).isZero();
  }

  @Test
  void aStreamedFileAppearsOnlyWhenClosed() throws IOException {
    long handle = dbfs.uploads().create(new CreateRequest("/d/big.bin", false)).handle();
    dbfs.uploads().addBlock(new AddBlockRequest(handle, b64("part one,")));
    dbfs.uploads().addBlock(new AddBlockRequest(handle, b64("part two")));
    assertThat(rootDir.resolve("d")).doesNotExist();
    assertThat(count(stagingDir)).isOne();
    assertFailsWith(
        () -> dbfs.getStatus(new PathRequest("/d/big.bin")), ErrorCode.RESOURCE_DOES_NOT_EXIST);

    dbfs.uploads().close(new CloseRequest(handle));
    assertThat(read("/d/big.bin")).isEqualTo("part one,part two");
    assertThat(count(stagingDir)).isZero();
  }

  @Test
  void overwriteFalseIsCheckedAgainAtTheFinalMove() throws IOException {
    long handle = dbfs.uploads().create(new CreateRequest("/race.txt", false)).handle();
    dbfs.uploads().addBlock(new AddBlockRequest(handle, b64("loser")));
    dbfs.uploads().put(new PutRequest("/race.txt", b64("winner"), false));

    assertFailsWith(
        () -> dbfs.uploads().close(new CloseRequest(handle)), ErrorCode.RESOURCE_ALREADY_EXISTS);
    assertThat(read("/race.txt")).isEqualTo("winner");
    assertThat(count(stagingDir)).as("the losing upload is dropped").isZero();
    assertFailsWith(
        () -> dbfs.uploads().close(new CloseRequest(handle)), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void overwriteTrueReplacesAtomically() {
    dbfs.uploads().put(new PutRequest("/f.txt", b64("old"), false));
    long handle = dbfs.uploads().create(new CreateRequest("/f.txt", true)).handle();
    dbfs.uploads().addBlock(new AddBlockRequest(handle, b64("new")));
    assertThat(read("/f.txt")).isEqualTo("old");
    dbfs.uploads().close(new CloseRequest(handle));
    assertThat(read("/f.txt")).isEqualTo("new");
  }

  @Test
  void aReplacedFileIsFreedInTheBackground() throws IOException {
    dbfs.uploads().put(new PutRequest("/big.bin", b64("old contents"), false));
    Path file = rootDir.resolve("big.bin");
    Object oldInode = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    dbfs.uploads().put(new PutRequest("/big.bin", b64("new"), true));
    assertThat(read("/big.bin")).isEqualTo("new");
    assertThat(Files.readAttributes(file, BasicFileAttributes.class).fileKey())
        .isNotEqualTo(oldInode);
    dbfs.close(); // waits for pending deletions
    assertThat(count(stagingDir)).isZero();
    assertThat(count(rootDir)).isOne();
    dbfs = open();
  }

  @Test
  void leftoverReplacedFilesAreCleanedAtOpen() throws IOException {
    Files.writeString(stagingDir.resolve("replaced-123"), "old");
    dbfs.close();
    dbfs = open();
    assertThat(count(stagingDir)).isZero();
  }

  @Test
  void anAbandonedHandleExpiresAndLeavesNothing() throws IOException {
    long handle = dbfs.uploads().create(new CreateRequest("/abandoned.bin", false)).handle();
    dbfs.uploads().addBlock(new AddBlockRequest(handle, b64("data")));
    clock.advance(Duration.ofMinutes(11));
    assertFailsWith(
        () -> dbfs.uploads().addBlock(new AddBlockRequest(handle, b64("more"))),
        ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertThat(count(stagingDir)).isZero();
    assertThat(count(rootDir)).isZero();
  }

  @Test
  void blocksUpToOneMebibyteAreAccepted() {
    byte[] max = new byte[DbfsUploads.MAX_BLOCK_BYTES];
    String encoded = Base64.getEncoder().encodeToString(max);
    assertThat(DbfsUploads.decodeBlock(encoded, "data").remaining()).isEqualTo(max.length);
    String over = Base64.getEncoder().encodeToString(new byte[max.length + 1]);
    assertFailsWith(() -> DbfsUploads.decodeBlock(over, "data"), ErrorCode.MAX_BLOCK_SIZE_EXCEEDED);
    assertFailsWith(
        () -> DbfsUploads.decodeBlock("not base64!", "data"), ErrorCode.INVALID_PARAMETER_VALUE);
    assertFailsWith(
        () -> DbfsUploads.decodeBlock("A".repeat(50 << 20), "data"),
        ErrorCode.MAX_BLOCK_SIZE_EXCEEDED);
  }

  @Test
  void readsAreBoundedAndStopAtTheEnd() {
    dbfs.uploads().put(new PutRequest("/r.txt", b64("0123456789"), false));
    ReadResponse middle = dbfs.read(new ReadRequest("/r.txt", 3L, 4L));
    assertThat(middle.bytesRead()).isEqualTo(4);
    assertThat(Base64.getDecoder().decode(middle.data())).asString().isEqualTo("3456");
    ReadResponse tail = dbfs.read(new ReadRequest("/r.txt", 8L, 100L));
    assertThat(tail.bytesRead()).isEqualTo(2);
    ReadResponse past = dbfs.read(new ReadRequest("/r.txt", 50L, 100L));
    assertThat(past.bytesRead()).isZero();
    assertThat(past.data()).isEmpty();
    assertThat(dbfs.read(new ReadRequest("/r.txt", null, null)).bytesRead()).isEqualTo(10);
    assertFailsWith(
        () -> dbfs.read(new ReadRequest("/r.txt", 0L, (1L << 20) + 1)),
        ErrorCode.MAX_READ_SIZE_EXCEEDED);
    assertFailsWith(
        () -> dbfs.read(new ReadRequest("/r.txt", -1L, 1L)), ErrorCode.INVALID_PARAMETER_VALUE);
    assertFailsWith(
        () -> dbfs.read(new ReadRequest("/r.txt", 0L, -1L)), ErrorCode.INVALID_PARAMETER_VALUE);
    assertFailsWith(
        () -> dbfs.read(new ReadRequest("/", 0L, 1L)), ErrorCode.INVALID_PARAMETER_VALUE);
    assertFailsWith(
        () -> dbfs.read(new ReadRequest("/none", 0L, 1L)), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void readAsJsonIsWhatTheMapperWritesForRead() throws IOException {
    byte[] bytes = DbfsBase64BodyTest.random((1 << 20) + 5);
    dbfs.uploads().put(new PutRequest("/j.bin", "", false));
    Files.write(rootDir.resolve("j.bin"), bytes);
    ObjectMapper mapper = Json.mapper();
    long[][] ranges = {{0, 1 << 20}, {5, 1 << 20}, {0, 0}, {1, 1}, {2, 2}, {3, 7}, {1 << 20, 100}};
    for (long[] r : ranges) {
      ReadRequest request = new ReadRequest("/j.bin", r[0], r[1]);
      assertThat(new String(dbfs.readAsJson(request), StandardCharsets.UTF_8))
          .as("offset %d, length %d", r[0], r[1])
          .isEqualTo(mapper.writeValueAsString(dbfs.read(request)));
    }
    assertFailsWith(
        () -> dbfs.readAsJson(new ReadRequest("/none", 0L, 1L)), ErrorCode.RESOURCE_DOES_NOT_EXIST);
  }

  @Test
  void listingsHideLinksAndNamesNoCallCouldAddress() throws IOException {
    dbfs.uploads().put(new PutRequest("/dir/ok.txt", b64("x"), false));
    Path dir = rootDir.resolve("dir");
    Files.createSymbolicLink(dir.resolve("link"), home);
    Files.writeString(dir.resolve("new\nline"), "x");
    assertThat(dbfs.list(new PathRequest("/dir")).files())
        .extracting(FileInfo::path)
        .containsExactly("/dir/ok.txt");
  }

  @Test
  void aLargeRecursiveDeleteStopsWithPartialDeleteAndResumes() throws IOException {
    for (int i = 0; i < 30; i++) {
      Files.createDirectories(rootDir.resolve("tree/sub" + (i % 3)));
      Files.writeString(rootDir.resolve("tree/sub" + (i % 3) + "/f" + i), "x");
    }
    clock.stepEveryRead(Duration.ofSeconds(5)); // ~9 deletions per 45 s budget
    int partials = 0;
    while (true) {
      try {
        dbfs.delete(new DeleteRequest("/tree", true));
        break;
      } catch (ApiException e) {
        assertThat(e.code()).isEqualTo(ErrorCode.PARTIAL_DELETE);
        assertThat(e.getMessage()).containsPattern("has deleted \\d+ files");
        partials++;
        assertThat(partials).isLessThan(20);
      }
    }
    assertThat(partials).isGreaterThan(1);
    assertThat(rootDir.resolve("tree")).doesNotExist();
  }

  @Test
  void deleteNeverFollowsLinksInsideATree() throws IOException {
    Path precious = Files.writeString(home.resolve("precious.txt"), "keep");
    dbfs.mkdirs(new PathRequest("/t/sub"));
    Files.createSymbolicLink(rootDir.resolve("t/sub/link"), home);
    dbfs.delete(new DeleteRequest("/t", true));
    assertThat(rootDir.resolve("t")).doesNotExist();
    assertThat(precious).hasContent("keep");
  }

  @Test
  void moveRefusesToMoveADirectoryIntoItself() {
    dbfs.mkdirs(new PathRequest("/m/a"));
    assertFailsWith(
        () -> dbfs.move(new MoveRequest("/m", "/m/a/b")), ErrorCode.INVALID_PARAMETER_VALUE);
    assertFailsWith(() -> dbfs.move(new MoveRequest("/", "/x")), ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(rootDir.resolve("m/a")).isDirectory();
  }

  @Test
  void aFileOnTheWayBlocksPutAndCreate() {
    dbfs.uploads().put(new PutRequest("/blocker", b64("x"), false));
    assertFailsWith(
        () -> dbfs.uploads().put(new PutRequest("/blocker/f", b64("y"), true)),
        ErrorCode.RESOURCE_ALREADY_EXISTS);
    assertFailsWith(
        () -> dbfs.uploads().create(new CreateRequest("/blocker/deep/f", true)),
        ErrorCode.RESOURCE_ALREADY_EXISTS);
    assertFailsWith(
        () -> dbfs.uploads().put(new PutRequest("/", b64("y"), true)),
        ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void closeStopsTheSweeperAndDropsOpenUploads() throws IOException {
    dbfs.uploads().create(new CreateRequest("/open.bin", false));
    dbfs.close();
    assertThat(count(stagingDir)).isZero();
  }
}
