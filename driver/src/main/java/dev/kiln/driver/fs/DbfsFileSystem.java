package dev.kiln.driver.fs;

import java.io.BufferedOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.CreateFlag;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.PathIsNotEmptyDirectoryException;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;

/**
 * {@code dbfs:/} for Hadoop, so every Spark API reads and writes DBFS: {@code dbfs:/a/b} is the
 * file {@code <root>/a/b}, where the root is the control plane's DBFS folder (Hadoop setting
 * {@value #ROOT_KEY}; nodes run on the control plane's machine). Statuses and listings name {@code
 * dbfs:/} paths; {@code ..} never leaves the root. No checksum files are written, so DBFS listings
 * show exactly what Spark wrote. Renames of files never replace an existing file (Delta's commits
 * rely on that across drivers).
 */
public class DbfsFileSystem extends FileSystem {
  public static final String SCHEME = "dbfs";
  public static final String ROOT_KEY = "kiln.dbfs.root";
  private static final URI URI_ROOT = URI.create(SCHEME + ":///");

  private java.nio.file.Path root;
  private final RawLocalFileSystem local = new RawLocalFileSystem();
  private Path workingDir = new Path(SCHEME + ":/");

  @Override
  public void initialize(URI name, Configuration conf) throws IOException {
    super.initialize(name, conf);
    String configured = conf.get(ROOT_KEY);
    if (configured == null || configured.isBlank()) {
      throw new IOException("dbfs:/ needs the Hadoop setting " + ROOT_KEY + " (the DBFS folder)");
    }
    java.nio.file.Path dir = java.nio.file.Path.of(configured).toAbsolutePath().normalize();
    Files.createDirectories(dir);
    root = dir.toRealPath();
    local.initialize(URI.create("file:///"), conf);
    setConf(conf);
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  @Override
  public URI getUri() {
    return URI_ROOT;
  }

  /** The DBFS folder this file system maps onto. */
  public java.nio.file.Path root() {
    return root;
  }

  @Override
  public Path getWorkingDirectory() {
    return workingDir;
  }

  @Override
  public void setWorkingDirectory(Path dir) {
    workingDir = qualify(dir);
  }

  @Override
  protected Path getInitialWorkingDirectory() {
    return new Path(SCHEME + ":/");
  }

  private Path qualify(Path path) {
    return makeQualified(path);
  }

  /** The DBFS path's segments, with {@code .} dropped; {@code ..} or an authority is refused. */
  static List<String> segments(Path qualified) {
    URI uri = qualified.toUri();
    if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
      throw new IllegalArgumentException(
          "dbfs:/ paths have no authority: " + qualified + " (use dbfs:/x or dbfs:///x)");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : uri.getPath().split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..") || segment.indexOf('\\') >= 0 || segment.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("Invalid dbfs:/ path (leaves the root): " + qualified);
      }
      segments.add(segment);
    }
    return segments;
  }

  /** The local file of a DBFS path; never outside the root. */
  java.nio.file.Path toFile(Path path) {
    java.nio.file.Path file = root;
    for (String segment : segments(qualify(path))) {
      file = file.resolve(segment);
    }
    if (!file.normalize().startsWith(root)) {
      throw new IllegalArgumentException("Invalid dbfs:/ path (leaves the root): " + path);
    }
    return file;
  }

  /** The {@code dbfs:/} path of a file below the root. */
  Path toDbfs(java.nio.file.Path file) {
    java.nio.file.Path relative = root.relativize(file);
    String rel = relative.toString().replace(java.io.File.separatorChar, '/');
    return new Path(SCHEME, null, "/" + rel);
  }

  private Path localPath(java.nio.file.Path file) {
    return new Path(file.toUri());
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    java.nio.file.Path file = toFile(f);
    if (Files.isDirectory(file)) {
      throw new FileNotFoundException(f + " is a directory");
    }
    if (!Files.exists(file)) {
      throw new FileNotFoundException(f + " does not exist");
    }
    return local.open(localPath(file), bufferSize);
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    java.nio.file.Path file = toFile(f);
    makeParents(f, file.getParent());
    return openForWrite(f, file, overwrite, bufferSize);
  }

  @Override
  public FSDataOutputStream createNonRecursive(
      Path f,
      FsPermission permission,
      EnumSet<CreateFlag> flags,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    java.nio.file.Path file = toFile(f);
    java.nio.file.Path parent = file.getParent();
    if (!Files.exists(parent)) {
      throw new FileNotFoundException("Parent of " + f + " does not exist");
    }
    if (!Files.isDirectory(parent)) {
      throw new ParentNotDirectoryException("Parent of " + f + " is a file");
    }
    return openForWrite(f, file, flags.contains(CreateFlag.OVERWRITE), bufferSize);
  }

  private FSDataOutputStream openForWrite(
      Path f, java.nio.file.Path file, boolean overwrite, int bufferSize) throws IOException {
    if (Files.isDirectory(file)) {
      throw new FileAlreadyExistsException(f + " is a directory");
    }
    OutputStream out;
    try {
      out =
          overwrite
              ? Files.newOutputStream(file)
              : Files.newOutputStream(
                  file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException(f + " already exists");
    }
    return new FSDataOutputStream(new BufferedOutputStream(out, bufferSize), statistics);
  }

  /** Like {@code mkdir -p} below the root; a file on the way is a ParentNotDirectoryException. */
  private void makeParents(Path f, java.nio.file.Path dir) throws IOException {
    java.nio.file.Path current = root;
    for (java.nio.file.Path name : root.relativize(dir)) {
      if (name.toString().isEmpty()) {
        continue;
      }
      current = current.resolve(name.toString());
      if (Files.isDirectory(current)) {
        continue;
      }
      if (Files.exists(current)) {
        throw new ParentNotDirectoryException(toDbfs(current) + " is a file, on the way to " + f);
      }
      try {
        Files.createDirectory(current);
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (!Files.isDirectory(current)) {
          throw new ParentNotDirectoryException(toDbfs(current) + " is a file, on the way to " + f);
        }
      }
    }
  }

  @Override
  public FSDataOutputStream append(Path f, int bufferSize, Progressable progress)
      throws IOException {
    java.nio.file.Path file = toFile(f);
    if (!Files.isRegularFile(file)) {
      throw new FileNotFoundException(f + " is not a file");
    }
    OutputStream out = Files.newOutputStream(file, StandardOpenOption.APPEND);
    return new FSDataOutputStream(
        new BufferedOutputStream(out, bufferSize), statistics, size(file));
  }

  private static long size(java.nio.file.Path file) throws IOException {
    return Files.size(file);
  }

  /**
   * HDFS's rename: false when the source is missing, the destination's parent is missing, or the
   * destination exists (into an existing directory the source moves below it). Files move by hard
   * link then unlink, which fails rather than replaces when the destination appears meanwhile.
   */
  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    java.nio.file.Path from = toFile(src);
    java.nio.file.Path to = toFile(dst);
    if (from.equals(root) || !Files.exists(from)) {
      return false;
    }
    if (Files.isDirectory(to)) {
      to = to.resolve(from.getFileName().toString());
    }
    if (from.equals(to)) {
      return Files.isRegularFile(from);
    }
    if (to.startsWith(from) || Files.exists(to) || !Files.isDirectory(to.getParent())) {
      return false;
    }
    try {
      if (Files.isRegularFile(from)) {
        try {
          Files.createLink(to, from);
          Files.delete(from);
          return true;
        } catch (UnsupportedOperationException e) {
          // A store without hard links: fall through to a plain move.
        }
      }
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (java.nio.file.FileAlreadyExistsException | NoSuchFileException e) {
      return false;
    }
  }

  @Override
  public boolean delete(Path f, boolean recursive) throws IOException {
    java.nio.file.Path file = toFile(f);
    if (file.equals(root)) {
      return false;
    }
    BasicFileAttributes attrs = attributes(file);
    if (attrs == null) {
      return false;
    }
    if (!attrs.isDirectory()) {
      return Files.deleteIfExists(file);
    }
    if (!recursive) {
      try {
        Files.delete(file);
        return true;
      } catch (DirectoryNotEmptyException e) {
        throw new PathIsNotEmptyDirectoryException(f.toString());
      }
    }
    Files.walkFileTree(
        file,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(java.nio.file.Path p, BasicFileAttributes a)
              throws IOException {
            Files.deleteIfExists(p);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(java.nio.file.Path d, IOException e)
              throws IOException {
            if (e != null) {
              throw e;
            }
            Files.deleteIfExists(d);
            return FileVisitResult.CONTINUE;
          }
        });
    return true;
  }

  @Override
  public FileStatus[] listStatus(Path f) throws IOException {
    java.nio.file.Path file = toFile(f);
    FileStatus self = status(file);
    if (!self.isDirectory()) {
      return new FileStatus[] {self};
    }
    List<FileStatus> out = new ArrayList<>();
    try (DirectoryStream<java.nio.file.Path> children = Files.newDirectoryStream(file)) {
      for (java.nio.file.Path child : children) {
        try {
          out.add(status(child));
        } catch (FileNotFoundException e) {
          // Deleted while listing.
        }
      }
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException(f + " does not exist");
    }
    return out.toArray(FileStatus[]::new);
  }

  @Override
  public boolean mkdirs(Path f, FsPermission permission) throws IOException {
    makeParents(f, toFile(f));
    return true;
  }

  @Override
  public FileStatus getFileStatus(Path f) throws IOException {
    return status(toFile(f));
  }

  private static BasicFileAttributes attributes(java.nio.file.Path file) throws IOException {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return null;
    }
  }

  private FileStatus status(java.nio.file.Path file) throws IOException {
    PosixFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, PosixFileAttributes.class);
    } catch (NoSuchFileException | NotDirectoryException e) {
      throw new FileNotFoundException(toDbfs(file) + " does not exist");
    }
    boolean dir = attrs.isDirectory();
    long blockSize = getConf().getLong("fs.local.block.size", 32L << 20);
    return new FileStatus(
        dir ? 0 : attrs.size(),
        dir,
        1,
        dir ? 0 : blockSize,
        attrs.lastModifiedTime().toMillis(),
        attrs.lastAccessTime().toMillis(),
        FsPermission.valueOf(
            (dir ? "d" : "-") + PosixFilePermissions.toString(attrs.permissions())),
        attrs.owner().getName(),
        attrs.group().getName(),
        toDbfs(file));
  }

  @Override
  public void setTimes(Path p, long mtime, long atime) throws IOException {
    local.setTimes(localPath(toFile(p)), mtime, atime);
  }

  @Override
  public void close() throws IOException {
    try {
      local.close();
    } finally {
      super.close();
    }
  }
}
