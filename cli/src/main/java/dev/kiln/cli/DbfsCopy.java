package dev.kiln.cli;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.core.DatabricksError;
import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.files.AddBlock;
import com.databricks.sdk.service.files.Create;
import com.databricks.sdk.service.files.FileInfo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/** {@code fs cp}: local to DBFS and back, one file or (recursive) a tree. */
final class DbfsCopy {
  /** DBFS add-block takes at most 1 MB of data a call. */
  private static final int BLOCK = 1 << 20;

  private final WorkspaceClient client;
  private final boolean overwrite;
  private final PrintStream err;
  private final boolean terminal;

  /** {@code terminal}: whether stderr is a terminal, so large files get a progress line. */
  DbfsCopy(WorkspaceClient client, boolean overwrite, PrintStream err, boolean terminal) {
    this.client = client;
    this.overwrite = overwrite;
    this.err = err;
    this.terminal = terminal;
  }

  void copy(String source, String target, boolean recursive) throws IOException {
    boolean fromDbfs = DbfsPaths.isDbfs(source);
    if (fromDbfs == DbfsPaths.isDbfs(target)) {
      throw new CliFailure("copy between the local disk and dbfs:/, one side each");
    }
    if (fromDbfs) {
      download(DbfsPaths.api(source), Path.of(target), recursive);
      return;
    }
    Path local = Path.of(source);
    String into = DbfsPaths.api(target);
    // One file onto an existing DBFS folder lands inside it, as with cp.
    if (Files.isRegularFile(local) && isDbfsDirectory(into)) {
      into = DbfsPaths.join(into, local.getFileName().toString());
    }
    upload(local, into, recursive);
  }

  private boolean isDbfsDirectory(String path) {
    try {
      return Boolean.TRUE.equals(client.dbfs().getStatus(path).getIsDir());
    } catch (ResourceDoesNotExist e) {
      return false;
    }
  }

  private void upload(Path source, String target, boolean recursive) throws IOException {
    if (Files.isDirectory(source)) {
      if (!recursive) {
        throw new CliFailure(source + " is a directory (use -r)");
      }
      client.dbfs().mkdirs(target);
      try (Stream<Path> children = Files.list(source)) {
        for (Path child : children.sorted().toList()) {
          upload(child, DbfsPaths.join(target, child.getFileName().toString()), true);
        }
      }
      return;
    }
    if (!Files.isRegularFile(source)) {
      throw new CliFailure(source + ": no such file");
    }
    String path = target.endsWith("/") ? target + source.getFileName() : target;
    long handle =
        client.dbfs().create(new Create().setPath(path).setOverwrite(overwrite)).getHandle();
    Progress progress = Progress.start(err, terminal, source.toString(), Files.size(source));
    try (InputStream in = Files.newInputStream(source)) {
      byte[] block = new byte[BLOCK];
      int n;
      while ((n = in.readNBytes(block, 0, BLOCK)) > 0) {
        String data = Base64.getEncoder().encodeToString(n == BLOCK ? block : copyOf(block, n));
        client.dbfs().addBlock(new AddBlock().setHandle(handle).setData(data));
        if (progress != null) {
          progress.advance(n);
        }
      }
    } finally {
      if (progress != null) {
        progress.finish();
      }
    }
    client.dbfs().close(handle);
  }

  private void download(String source, Path target, boolean recursive) throws IOException {
    FileInfo info = client.dbfs().getStatus(source);
    if (Boolean.TRUE.equals(info.getIsDir())) {
      if (!recursive) {
        throw new CliFailure("dbfs:" + source + " is a directory (use -r)");
      }
      Files.createDirectories(target);
      for (FileInfo child : list(source)) {
        download(child.getPath(), target.resolve(DbfsPaths.name(child.getPath())), true);
      }
      return;
    }
    Path file = Files.isDirectory(target) ? target.resolve(DbfsPaths.name(source)) : target;
    if (!overwrite && Files.exists(file)) {
      throw new CliFailure(file + " already exists (use --overwrite)");
    }
    // Write a sibling first so a failed download never leaves a truncated file behind.
    Path partial = file.resolveSibling(file.getFileName() + ".kiln-partial");
    long size = info.getFileSize() == null ? 0 : info.getFileSize();
    Progress progress = Progress.start(err, terminal, "dbfs:" + source, size);
    try (InputStream in = client.dbfs().open(source);
        OutputStream out =
            Files.newOutputStream(
                partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING)) {
      transfer(in, out, progress);
    } catch (IOException | DatabricksError e) {
      Files.deleteIfExists(partial);
      throw e;
    } finally {
      if (progress != null) {
        progress.finish();
      }
    }
    Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
  }

  private static void transfer(InputStream in, OutputStream out, Progress progress)
      throws IOException {
    byte[] buffer = new byte[BLOCK];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      out.write(buffer, 0, n);
      if (progress != null) {
        progress.advance(n);
      }
    }
  }

  private List<FileInfo> list(String dir) {
    List<FileInfo> files = new java.util.ArrayList<>();
    client.dbfs().list(dir).forEach(files::add);
    return files;
  }

  private static byte[] copyOf(byte[] block, int n) {
    return java.util.Arrays.copyOf(block, n);
  }
}
