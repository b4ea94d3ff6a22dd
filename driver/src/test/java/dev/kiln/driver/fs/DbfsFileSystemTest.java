package dev.kiln.driver.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.EnumSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DbfsFileSystemTest {
  @TempDir java.nio.file.Path root;
  private Configuration conf;
  private FileSystem fs;

  @BeforeEach
  void open() throws IOException {
    conf = new Configuration(false);
    conf.set("fs.dbfs.impl", DbfsFileSystem.class.getName());
    conf.set("fs.dbfs.impl.disable.cache", "true");
    conf.set("fs.AbstractFileSystem.dbfs.impl", DbfsAbstractFileSystem.class.getName());
    conf.set(DbfsFileSystem.ROOT_KEY, root.toString());
    fs = FileSystem.get(URI.create("dbfs:/"), conf);
  }

  @AfterEach
  void close() throws IOException {
    fs.close();
  }

  private void write(String path, String text) throws IOException {
    try (FSDataOutputStream out = fs.create(new Path(path))) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private String read(String path) throws IOException {
    try (FSDataInputStream in = fs.open(new Path(path))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void writesLandUnderTheRootAndLocalFilesAreReadable() throws IOException {
    write("dbfs:/a/b/c.txt", "hello");
    assertThat(root.resolve("a/b/c.txt")).hasContent("hello");
    Files.writeString(root.resolve("a/from-api.txt"), "api");
    assertThat(read("dbfs:/a/from-api.txt")).isEqualTo("api");
    assertThat(read("dbfs:///a/b/c.txt")).isEqualTo("hello");
    assertThat(read("/a/b/c.txt")).isEqualTo("hello");
    // No checksum files beside what was written.
    assertThat(root.resolve("a/b").toFile().list()).containsExactly("c.txt");
  }

  @Test
  void statusesAndListingsNameDbfsPaths() throws IOException {
    write("dbfs:/d/x.txt", "12345");
    fs.mkdirs(new Path("dbfs:/d/sub"));
    FileStatus file = fs.getFileStatus(new Path("dbfs:///d/x.txt"));
    assertThat(file.getPath().toString()).isEqualTo("dbfs:/d/x.txt");
    assertThat(file.getLen()).isEqualTo(5);
    assertThat(file.isFile()).isTrue();
    FileStatus[] listed = fs.listStatus(new Path("dbfs:/d"));
    assertThat(Arrays.stream(listed).map(s -> s.getPath().toString()))
        .containsExactlyInAnyOrder("dbfs:/d/x.txt", "dbfs:/d/sub");
    assertThat(fs.getFileStatus(new Path("dbfs:/")).isDirectory()).isTrue();
    assertThat(fs.getFileStatus(new Path("dbfs:/")).getPath().toString()).isEqualTo("dbfs:/");
    assertThat(fs.listStatus(new Path("dbfs:/d/x.txt"))).hasSize(1);
    assertThat(fs.globStatus(new Path("dbfs:/d/*.txt")))
        .extracting(s -> s.getPath().toString())
        .containsExactly("dbfs:/d/x.txt");
    var located = fs.listFiles(new Path("dbfs:/"), true);
    assertThat(located.next().getPath().toString()).isEqualTo("dbfs:/d/x.txt");
    assertThatThrownBy(() -> fs.getFileStatus(new Path("dbfs:/nope")))
        .isInstanceOf(FileNotFoundException.class);
    assertThatThrownBy(() -> fs.listStatus(new Path("dbfs:/nope")))
        .isInstanceOf(FileNotFoundException.class);
  }

  @Test
  void relativePathsResolveAgainstTheWorkingDirectory() throws IOException {
    fs.setWorkingDirectory(new Path("dbfs:/w"));
    write("rel.txt", "r");
    assertThat(root.resolve("w/rel.txt")).hasContent("r");
    assertThat(fs.makeQualified(new Path("rel.txt")).toString()).isEqualTo("dbfs:/w/rel.txt");
  }

  @Test
  void escapesFromTheRootAreRefused() {
    for (String bad : new String[] {"dbfs:/../x", "dbfs:/a/../../x", "/../../etc/passwd"}) {
      assertThatThrownBy(() -> fs.create(new Path(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> fs.getFileStatus(new Path(bad)))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> fs.getFileStatus(new Path("dbfs://host/x")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> fs.getFileStatus(new Path("file:/etc/passwd")))
        .isInstanceOf(IllegalArgumentException.class);
    // a/../b stays inside: it is b.
    assertThat(fs.makeQualified(new Path("dbfs:/a/../b")).toString()).isEqualTo("dbfs:/b");
  }

  @Test
  void createRespectsOverwriteAndFilesInTheWay() throws IOException {
    write("dbfs:/f", "one");
    assertThatThrownBy(() -> fs.create(new Path("dbfs:/f"), false))
        .isInstanceOf(FileAlreadyExistsException.class);
    write("dbfs:/f", "two");
    assertThat(read("dbfs:/f")).isEqualTo("two");
    assertThatThrownBy(() -> fs.create(new Path("dbfs:/f/child")))
        .isInstanceOf(ParentNotDirectoryException.class);
    assertThatThrownBy(() -> fs.mkdirs(new Path("dbfs:/f/dir")))
        .isInstanceOf(ParentNotDirectoryException.class);
    assertThatThrownBy(
            () ->
                fs.createNonRecursive(
                    new Path("dbfs:/missing/x"),
                    null,
                    EnumSet.of(CreateFlag.CREATE),
                    4096,
                    (short) 1,
                    1 << 20,
                    null))
        .isInstanceOf(FileNotFoundException.class);
    try (FSDataOutputStream out = fs.append(new Path("dbfs:/f"))) {
      out.write('!');
    }
    assertThat(read("dbfs:/f")).isEqualTo("two!");
  }

  @Test
  void renameFollowsHdfsRules() throws IOException {
    write("dbfs:/r/a", "A");
    write("dbfs:/r/b", "B");
    assertThat(fs.rename(new Path("dbfs:/r/a"), new Path("dbfs:/r/b"))).isFalse();
    assertThat(read("dbfs:/r/b")).isEqualTo("B");
    assertThat(fs.rename(new Path("dbfs:/r/a"), new Path("dbfs:/r/c"))).isTrue();
    assertThat(fs.exists(new Path("dbfs:/r/a"))).isFalse();
    assertThat(read("dbfs:/r/c")).isEqualTo("A");
    assertThat(fs.rename(new Path("dbfs:/r/missing"), new Path("dbfs:/r/d"))).isFalse();
    assertThat(fs.rename(new Path("dbfs:/r/c"), new Path("dbfs:/nodir/c"))).isFalse();
    fs.mkdirs(new Path("dbfs:/into"));
    assertThat(fs.rename(new Path("dbfs:/r/c"), new Path("dbfs:/into"))).isTrue();
    assertThat(read("dbfs:/into/c")).isEqualTo("A");
    // Directories move whole.
    assertThat(fs.rename(new Path("dbfs:/r"), new Path("dbfs:/r2"))).isTrue();
    assertThat(read("dbfs:/r2/b")).isEqualTo("B");
    assertThat(fs.rename(new Path("dbfs:/r2"), new Path("dbfs:/r2/inside"))).isFalse();
    assertThat(fs.rename(new Path("dbfs:/"), new Path("dbfs:/x"))).isFalse();
  }

  @Test
  void deleteRefusesTheRootAndNonEmptyDirectoriesUnlessRecursive() throws IOException {
    write("dbfs:/t/u/v", "x");
    assertThatThrownBy(() -> fs.delete(new Path("dbfs:/t"), false))
        .isInstanceOf(PathIsNotEmptyDirectoryException.class);
    assertThat(fs.delete(new Path("dbfs:/t/u/v"), false)).isTrue();
    assertThat(fs.delete(new Path("dbfs:/t/u/v"), false)).isFalse();
    write("dbfs:/t/u/v", "x");
    assertThat(fs.delete(new Path("dbfs:/t"), true)).isTrue();
    assertThat(root.resolve("t")).doesNotExist();
    assertThat(fs.delete(new Path("dbfs:/"), true)).isFalse();
    assertThat(root).exists();
  }

  @Test
  void fileContextCreatesAndRenamesWithoutOverwrite() throws IOException {
    FileContext fc = FileContext.getFileContext(URI.create("dbfs:///"), conf);
    fc.mkdir(new Path("dbfs:/log"), null, true);
    try (FSDataOutputStream out =
        fc.create(new Path("dbfs:/log/.tmp"), EnumSet.of(CreateFlag.CREATE))) {
      out.write('1');
    }
    fc.rename(new Path("dbfs:/log/.tmp"), new Path("dbfs:/log/000.json"), Options.Rename.NONE);
    try (FSDataOutputStream out =
        fc.create(new Path("dbfs:/log/.tmp2"), EnumSet.of(CreateFlag.CREATE))) {
      out.write('2');
    }
    assertThatThrownBy(
            () ->
                fc.rename(
                    new Path("dbfs:/log/.tmp2"),
                    new Path("dbfs:/log/000.json"),
                    Options.Rename.NONE))
        .isInstanceOf(FileAlreadyExistsException.class);
    assertThat(root.resolve("log/000.json")).hasContent("1");
    assertThat(fc.getFileStatus(new Path("dbfs:/log/000.json")).getPath().toString())
        .isEqualTo("dbfs:/log/000.json");
  }

  @Test
  void missingRootSettingIsAClearError() {
    Configuration bare = new Configuration(false);
    bare.set("fs.dbfs.impl", DbfsFileSystem.class.getName());
    bare.set("fs.dbfs.impl.disable.cache", "true");
    assertThatThrownBy(() -> FileSystem.get(URI.create("dbfs:/"), bare))
        .hasMessageContaining(DbfsFileSystem.ROOT_KEY);
  }
}
