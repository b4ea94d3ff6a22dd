package dev.kiln.server.compute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An executor archive belongs to one build of a runtime's jars: a rebuild gets a new one. */
class ExecutorArchiveTest {
  private static KilnRuntime runtime(Path home) {
    return new KilnRuntime("1.0.x-scala2.13", "Kiln", "4.2.0", "2.13.18", "4.4.0", home);
  }

  @Test
  void livesInTheRuntimesFolderSharedByEveryHomeAndStaysPutWhileTheJarsDo(@TempDir Path dir)
      throws Exception {
    Path jars = Files.createDirectories(dir.resolve("runtime/jars"));
    Files.writeString(jars.resolve("a.jar"), "a");
    KilnRuntime runtime = runtime(dir.resolve("runtime"));

    Path archive = ExecutorArchive.of(dir.resolve("home"), runtime);

    assertThat(archive.getParent()).isEqualTo(dir.resolve("runtime/cds"));
    assertThat(archive.getFileName().toString()).matches("executor-[0-9a-f]{16}\\.jsa");
    assertThat(ExecutorArchive.of(dir.resolve("home"), runtime)).isEqualTo(archive);
    assertThat(ExecutorArchive.of(dir.resolve("other-home"), runtime)).isEqualTo(archive);
  }

  @Test
  void anAdoptedArchiveRemovesTheOnesOlderBuildsLeft(@TempDir Path dir) throws Exception {
    Path cds = Files.createDirectories(dir.resolve("cds"));
    Path old = Files.writeString(cds.resolve("executor-00000000000000aa.jsa"), "old");
    Path other = Files.writeString(cds.resolve("notes.txt"), "kept");
    Path current = Files.writeString(cds.resolve("executor-00000000000000bb.jsa"), "new");

    ExecutorArchive.removeStale(current);

    assertThat(old).doesNotExist();
    assertThat(current).exists();
    assertThat(other).exists();
  }

  @Test
  void changesWhenAJarChangesOrIsAdded(@TempDir Path dir) throws Exception {
    Path jars = Files.createDirectories(dir.resolve("runtime/jars"));
    Path jar = Files.writeString(jars.resolve("a.jar"), "a");
    KilnRuntime runtime = runtime(dir.resolve("runtime"));
    Path first = ExecutorArchive.of(dir, runtime);

    FileTime later = FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000);
    Files.setLastModifiedTime(jar, later);
    Path touched = ExecutorArchive.of(dir, runtime);
    Files.writeString(jars.resolve("b.jar"), "b");
    Path added = ExecutorArchive.of(dir, runtime);

    assertThat(touched).isNotEqualTo(first);
    assertThat(added).isNotEqualTo(touched).isNotEqualTo(first);
  }
}
