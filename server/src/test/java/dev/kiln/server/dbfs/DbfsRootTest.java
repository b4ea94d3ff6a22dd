package dev.kiln.server.dbfs;

import static dev.kiln.server.testing.ApiErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.server.api.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbfsRootTest {
  @TempDir Path tmp;
  Path outside;
  DbfsRoot root;

  @BeforeEach
  void setUp() throws IOException {
    outside = Files.createDirectories(tmp.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "secret");
    root = DbfsRoot.open(tmp.resolve("home/dbfs"));
  }

  private static DbfsPath path(String raw) {
    return DbfsPath.parse(raw, "path");
  }

  private static void assertInvalid(Runnable call) {
    assertFailsWith(call::run, ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void resolvesBelowTheRealRoot() {
    assertThat(root.dir()).isEqualTo(tmp.resolve("home/dbfs"));
    assertThat(root.resolve(path("/a/b.txt"))).isEqualTo(root.dir().resolve("a").resolve("b.txt"));
    assertThat(root.resolve(DbfsPath.ROOT)).isEqualTo(root.dir());
    assertThat(root.resolve(path("/missing/deeper/still")))
        .isEqualTo(root.dir().resolve("missing/deeper/still"));
  }

  @Test
  void aLinkedRootIsUsedThroughItsRealPath() throws IOException {
    Path real = Files.createDirectories(tmp.resolve("disk/dbfs"));
    Path link = Files.createSymbolicLink(tmp.resolve("linked"), real);
    DbfsRoot linked = DbfsRoot.open(link);
    assertThat(linked.dir()).isEqualTo(real.toRealPath());
    assertThat(linked.resolve(path("/x"))).isEqualTo(real.toRealPath().resolve("x"));
  }

  @Test
  void aDirectoryLinkPlantedInTheRootIsRefused() throws IOException {
    Files.createSymbolicLink(root.dir().resolve("escape"), outside);
    assertInvalid(() -> root.resolve(path("/escape/secret.txt")));
    assertInvalid(() -> root.resolve(path("/escape")));
    assertInvalid(() -> root.resolve(path("/escape/new/file")));
    assertInvalid(() -> root.attributes(path("/escape/secret.txt")));
  }

  @Test
  void aFileLinkIsRefusedEvenWhenItPointsInside() throws IOException {
    Files.createSymbolicLink(root.dir().resolve("passwd"), outside.resolve("secret.txt"));
    Files.writeString(root.dir().resolve("inside.txt"), "x");
    Files.createSymbolicLink(root.dir().resolve("alias"), root.dir().resolve("inside.txt"));
    assertInvalid(() -> root.resolve(path("/passwd")));
    assertInvalid(() -> root.resolve(path("/alias")));
  }

  @Test
  void aDanglingLinkIsRefused() throws IOException {
    Files.createSymbolicLink(root.dir().resolve("dangling"), tmp.resolve("nowhere"));
    assertInvalid(() -> root.resolve(path("/dangling")));
    assertInvalid(() -> root.createDirectories(path("/dangling/sub")));
    assertThat(tmp.resolve("nowhere")).doesNotExist();
  }

  @Test
  void aLinkDeepInTheTreeIsRefused() throws IOException {
    Files.createDirectories(root.dir().resolve("a/b"));
    Files.createSymbolicLink(root.dir().resolve("a/b/up"), root.dir().getParent());
    assertInvalid(() -> root.resolve(path("/a/b/up/dbfs/a")));
  }

  @Test
  void createDirectoriesIsMkdirP() {
    root.createDirectories(path("/x/y/z"));
    root.createDirectories(path("/x/y/z"));
    root.createDirectories(path("/x"));
    assertThat(root.dir().resolve("x/y/z")).isDirectory();
  }

  @Test
  void createDirectoriesThroughAFileIsAlreadyExists() throws IOException {
    Files.writeString(root.dir().resolve("f"), "x");
    assertFailsWith(
        () -> root.createDirectories(path("/f/sub")), ErrorCode.RESOURCE_ALREADY_EXISTS);
    assertFailsWith(() -> root.createDirectories(path("/f")), ErrorCode.RESOURCE_ALREADY_EXISTS);
    assertThat(root.dir().resolve("f")).isRegularFile();
  }

  @Test
  void attributesOfMissingPathsAreEmptyEvenBelowAFile() throws IOException {
    Files.writeString(root.dir().resolve("f"), "x");
    assertThat(root.attributes(path("/nope"))).isEmpty();
    assertThat(root.attributes(path("/f/below"))).isEmpty();
    assertThat(root.attributes(path("/f"))).hasValueSatisfying(a -> assertThat(a.size()).isOne());
  }
}
