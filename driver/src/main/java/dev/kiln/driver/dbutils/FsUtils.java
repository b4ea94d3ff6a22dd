package dev.kiln.driver.dbutils;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;

/**
 * {@code dbutils.fs} over Hadoop file systems. A path without a scheme ({@code /x}) is a DBFS path
 * ({@code dbfs:/x}) when the {@code dbfs} file system is configured ({@code fs.dbfs.impl}), else a
 * local one; paths with a scheme ({@code dbfs:/}, {@code file:/}) are taken as they are.
 */
public final class FsUtils {
  private final Supplier<Configuration> hadoopConf;

  public FsUtils(Supplier<Configuration> hadoopConf) {
    this.hadoopConf = hadoopConf;
  }

  /** The entries of a directory (or the file itself), sorted by name. */
  public List<FileInfo> ls(String dir) {
    Path path = resolve(dir);
    return io(
        () -> {
          FileSystem fs = fs(path);
          FileStatus[] statuses = fs.listStatus(path);
          List<FileInfo> out = new ArrayList<>();
          for (FileStatus s : statuses) {
            String shown = show(s.getPath());
            String name = s.getPath().getName() + (s.isDirectory() ? "/" : "");
            out.add(
                new FileInfo(
                    s.isDirectory() ? shown + "/" : shown,
                    name,
                    s.isDirectory() ? 0 : s.getLen(),
                    s.getModificationTime()));
          }
          out.sort(Comparator.comparing(FileInfo::name));
          return out;
        });
  }

  public boolean mkdirs(String dir) {
    Path path = resolve(dir);
    return io(() -> fs(path).mkdirs(path));
  }

  public boolean put(String file, String contents, boolean overwrite) {
    Path path = resolve(file);
    return io(
        () -> {
          FileSystem fs = fs(path);
          if (!overwrite && fs.exists(path)) {
            throw new IllegalArgumentException(
                "File " + file + " already exists; pass overwrite=true to replace it");
          }
          try (FSDataOutputStream out = fs.create(path, true)) {
            out.write(contents.getBytes(StandardCharsets.UTF_8));
          }
          return true;
        });
  }

  public boolean put(String file, String contents) {
    return put(file, contents, false);
  }

  /** Up to {@code maxBytes} bytes of a file, as UTF-8 text. */
  public String head(String file, int maxBytes) {
    Path path = resolve(file);
    return io(
        () -> {
          try (InputStream in = fs(path).open(path)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int left = maxBytes;
            int n;
            while (left > 0 && (n = in.read(buf, 0, Math.min(buf.length, left))) > 0) {
              out.write(buf, 0, n);
              left -= n;
            }
            return out.toString(StandardCharsets.UTF_8);
          }
        });
  }

  public String head(String file) {
    return head(file, 65536);
  }

  public boolean rm(String dir, boolean recurse) {
    Path path = resolve(dir);
    return io(() -> fs(path).delete(path, recurse));
  }

  public boolean rm(String dir) {
    return rm(dir, false);
  }

  public boolean cp(String from, String to, boolean recurse) {
    Path src = resolve(from);
    Path dst = resolve(to);
    return io(
        () -> {
          FileSystem srcFs = fs(src);
          if (srcFs.getFileStatus(src).isDirectory() && !recurse) {
            throw new IllegalArgumentException(
                "Cannot copy directory " + from + " unless recurse=true");
          }
          return FileUtil.copy(srcFs, src, fs(dst), dst, false, true, hadoopConf.get());
        });
  }

  public boolean cp(String from, String to) {
    return cp(from, to, false);
  }

  public boolean mv(String from, String to, boolean recurse) {
    Path src = resolve(from);
    Path dst = resolve(to);
    return io(
        () -> {
          FileSystem srcFs = fs(src);
          FileSystem dstFs = fs(dst);
          if (srcFs.getUri().equals(dstFs.getUri()) && srcFs.rename(src, dst)) {
            return true;
          }
          return FileUtil.copy(srcFs, src, dstFs, dst, true, true, hadoopConf.get());
        });
  }

  public boolean mv(String from, String to) {
    return mv(from, to, false);
  }

  Path resolve(String p) {
    if (p == null || p.isEmpty()) {
      throw new IllegalArgumentException("A path is required");
    }
    URI uri = URI.create(p.replace(" ", "%20"));
    if (uri.getScheme() != null) {
      return new Path(p);
    }
    String scheme = hadoopConf.get().get("fs.dbfs.impl") != null ? "dbfs:" : "file:";
    return new Path(scheme + (p.startsWith("/") ? p : "/" + p));
  }

  private FileSystem fs(Path path) throws IOException {
    return path.getFileSystem(hadoopConf.get());
  }

  private static String show(Path path) {
    URI uri = path.toUri();
    if ("dbfs".equals(uri.getScheme())) {
      return "dbfs:" + uri.getPath();
    }
    return path.toString();
  }

  private interface IoCall<T> {
    T call() throws IOException;
  }

  private static <T> T io(IoCall<T> call) {
    try {
      return call.call();
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }
}
