package dev.kiln.cli;

import com.databricks.sdk.service.files.Delete;
import com.databricks.sdk.service.files.FileInfo;
import com.databricks.sdk.service.files.Move;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kiln fs}: DBFS, as {@code databricks fs} has it. */
@Command(name = "fs", description = "Files in DBFS (dbfs:/ paths).")
final class FsCommand {
  @ParentCommand Kiln kiln;

  @Command(name = "ls", description = "List a DBFS folder (or show one file).")
  void ls(
      @Option(names = "-l", description = "Long format: type, size, modified.") boolean longFormat,
      @Parameters(paramLabel = "PATH", defaultValue = "dbfs:/") String path) {
    List<FileInfo> files = new ArrayList<>();
    kiln.client().dbfs().list(DbfsPaths.api(path)).forEach(files::add);
    List<List<String>> rows = new ArrayList<>();
    for (FileInfo f : files) {
      String name = DbfsPaths.name(f.getPath());
      if (longFormat) {
        boolean dir = Boolean.TRUE.equals(f.getIsDir());
        rows.add(
            List.of(
                dir ? "DIRECTORY" : "FILE",
                Output.text(f.getFileSize()),
                f.getModificationTime() == null
                    ? ""
                    : Instant.ofEpochMilli(f.getModificationTime()).toString(),
                name));
      } else {
        rows.add(List.of(name));
      }
    }
    kiln.output().print(files, null, rows);
  }

  @Command(name = "cat", description = "Print a DBFS file.")
  void cat(@Parameters(paramLabel = "PATH") String path) throws IOException {
    try (InputStream in = kiln.client().dbfs().open(DbfsPaths.api(path))) {
      in.transferTo(kiln.out);
    }
    kiln.out.flush();
  }

  @Command(name = "mkdirs", aliases = "mkdir", description = "Make a DBFS folder and its parents.")
  void mkdirs(@Parameters(paramLabel = "PATH") String path) {
    kiln.client().dbfs().mkdirs(DbfsPaths.api(path));
  }

  @Command(name = "rm", description = "Remove a DBFS file or (with -r) folder.")
  void rm(
      @Option(names = {"-r", "--recursive"}) boolean recursive,
      @Parameters(paramLabel = "PATH") String path) {
    kiln.client().dbfs().delete(new Delete().setPath(DbfsPaths.api(path)).setRecursive(recursive));
  }

  @Command(name = "cp", description = "Copy files between the local disk and dbfs:/, either way.")
  void cp(
      @Option(names = {"-r", "--recursive"}) boolean recursive,
      @Option(names = "--overwrite") boolean overwrite,
      @Parameters(paramLabel = "SOURCE") String source,
      @Parameters(paramLabel = "TARGET") String target)
      throws IOException {
    new DbfsCopy(kiln.client(), overwrite, kiln.err, kiln.terminal())
        .copy(source, target, recursive);
  }

  @Command(name = "mv", description = "Move (rename) a DBFS file or folder.")
  void mv(
      @Parameters(paramLabel = "SOURCE") String source,
      @Parameters(paramLabel = "TARGET") String target) {
    kiln.client()
        .dbfs()
        .move(
            new Move()
                .setSourcePath(DbfsPaths.api(source))
                .setDestinationPath(DbfsPaths.api(target)));
  }
}
