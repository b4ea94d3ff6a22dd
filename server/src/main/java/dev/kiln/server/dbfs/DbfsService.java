package dev.kiln.server.dbfs;

import dev.kiln.model.dbfs.DeleteRequest;
import dev.kiln.model.dbfs.FileInfo;
import dev.kiln.model.dbfs.ListStatusResponse;
import dev.kiln.model.dbfs.MoveRequest;
import dev.kiln.model.dbfs.PathRequest;
import dev.kiln.model.dbfs.ReadRequest;
import dev.kiln.model.dbfs.ReadResponse;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DBFS 2.0: files under the root folder, which is the only source of truth. This class reads and
 * rearranges them and owns the background work; {@link DbfsUploads} writes them.
 */
public final class DbfsService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DbfsService.class);

  static final long DEFAULT_READ_LENGTH = 512 * 1024;

  /** A recursive delete stops after this long with PARTIAL_DELETE; the client calls again. */
  static final Duration DELETE_BUDGET = Duration.ofSeconds(45);

  private static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

  /** Reused arrays for the bytes of a read, before they are encoded. */
  private static final BlockBuffers CHUNKS = new BlockBuffers(DbfsUploads.MAX_BLOCK_BYTES);

  private static final byte[] JSON_DATA = ",\"data\":\"".getBytes(StandardCharsets.US_ASCII);

  private final DbfsRoot root;
  private final UploadHandles handles;
  private final DbfsUploads uploads;
  private final Clock clock;

  /** Expires idle handles and deletes replaced files. */
  private final ScheduledExecutorService background;

  /** Serialises check-then-change steps on the namespace (the final move of an upload, etc.). */
  private final Object namespace = new Object();

  DbfsService(DbfsRoot root, Staging staging, UploadHandles handles, Clock clock) {
    this.root = root;
    this.handles = handles;
    this.clock = clock;
    this.background =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "kiln-dbfs-background");
              t.setDaemon(true);
              return t;
            });
    this.uploads = new DbfsUploads(root, staging, handles, namespace, background);
  }

  /** The real path of the folder DBFS maps onto (Spark's dbfs:/ file system uses it too). */
  public Path rootDir() {
    return root.dir();
  }

  /** Whole-file puts and streams of blocks. */
  DbfsUploads uploads() {
    return uploads;
  }

  /** Opens the root (creating it), cleans staging and starts expiring idle handles. */
  public static DbfsService open(Path rootDir, Clock clock) throws IOException {
    DbfsRoot root = DbfsRoot.open(rootDir);
    DbfsService service =
        new DbfsService(root, Staging.beside(root.dir()), new UploadHandles(clock), clock);
    // sweep() logs its own failures, so the future has nothing to report.
    var unused =
        service.background.scheduleWithFixedDelay(
            service::sweep,
            SWEEP_INTERVAL.toMillis(),
            SWEEP_INTERVAL.toMillis(),
            TimeUnit.MILLISECONDS);
    return service;
  }

  private void sweep() {
    try {
      int expired = handles.expireIdle();
      if (expired > 0) {
        LOG.info("Expired {} idle DBFS upload handle(s)", expired);
      }
    } catch (RuntimeException e) {
      LOG.warn("DBFS handle sweep failed", e);
    }
  }

  /**
   * The local file behind a DBFS path, for code that works with files directly (init scripts, log
   * delivery). The path is checked as every API path is; the file need not exist.
   */
  public Path localFile(String dbfsPath) {
    return root.lookup(DbfsPath.parse(dbfsPath, "path")).file();
  }

  // ---- reads

  public ReadResponse read(ReadRequest request) {
    byte[] chunk = CHUNKS.take();
    try {
      int n = readChunk(request, chunk);
      return new ReadResponse(n, Base64.getEncoder().encodeToString(Arrays.copyOf(chunk, n)));
    } finally {
      CHUNKS.give(chunk);
    }
  }

  /**
   * {@link #read}'s answer as the JSON bytes the API's mapper writes for it, {@code
   * {"bytes_read":n,"data":"..."}}, built in one array without a 1.4 MB String between.
   */
  public byte[] readAsJson(ReadRequest request) {
    byte[] chunk = CHUNKS.take();
    try {
      int n = readChunk(request, chunk);
      byte[] head = ("{\"bytes_read\":" + n).getBytes(StandardCharsets.US_ASCII);
      byte[] json = new byte[head.length + JSON_DATA.length + Base64Codec.encodedLength(n) + 2];
      System.arraycopy(head, 0, json, 0, head.length);
      System.arraycopy(JSON_DATA, 0, json, head.length, JSON_DATA.length);
      int end = Base64Codec.encode(chunk, 0, n, json, head.length + JSON_DATA.length);
      json[end] = '"';
      json[end + 1] = '}';
      return json;
    } finally {
      CHUNKS.give(chunk);
    }
  }

  /** Reads the requested range into {@code chunk}, which holds a whole block; the bytes read. */
  private int readChunk(ReadRequest request, byte[] chunk) {
    DbfsPath path = DbfsPath.parse(request.path(), "path");
    long offset = request.offset() == null ? 0 : request.offset();
    long length = request.length() == null ? DEFAULT_READ_LENGTH : request.length();
    if (offset < 0 || length < 0) {
      throw ApiException.invalid("offset and length must not be negative");
    }
    if (length > DbfsUploads.MAX_BLOCK_BYTES) {
      throw new ApiException(
          ErrorCode.MAX_READ_SIZE_EXCEEDED,
          "Cannot read more than "
              + DbfsUploads.MAX_BLOCK_BYTES
              + " bytes per call; asked for "
              + length);
    }
    BasicFileAttributes attributes = existing(path);
    if (attributes.isDirectory()) {
      throw ApiException.invalid("Cannot read " + path + " because it is a directory");
    }
    try (FileChannel channel =
        FileChannel.open(root.resolve(path), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      long available = Math.max(0, channel.size() - offset);
      ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, (int) Math.min(length, available));
      while (buffer.hasRemaining() && channel.read(buffer, offset + buffer.position()) >= 0) {
        // read until full or at the end
      }
      return buffer.position();
    } catch (NoSuchFileException e) {
      throw DbfsErrors.notFound(path);
    } catch (IOException e) {
      throw DbfsErrors.io(path, e);
    }
  }

  public FileInfo getStatus(PathRequest request) {
    DbfsPath path = DbfsPath.parse(request.path(), "path");
    return info(path, existing(path));
  }

  /** The children of a directory, by name; a file lists itself. */
  public ListStatusResponse list(PathRequest request) {
    DbfsPath path = DbfsPath.parse(request.path(), "path");
    BasicFileAttributes attributes = existing(path);
    if (!attributes.isDirectory()) {
      return new ListStatusResponse(List.of(info(path, attributes)));
    }
    List<FileInfo> files = new ArrayList<>();
    try (DirectoryStream<Path> children = Files.newDirectoryStream(root.resolve(path))) {
      for (Path child : children) {
        String name = child.getFileName().toString();
        // Entries no API call could address (planted links, odd names) are not shown.
        if (DbfsPath.problemWith(name) == null) {
          DbfsPath childPath = path.child(name);
          DbfsRoot.lstat(child, childPath)
              .filter(a -> a.isDirectory() || a.isRegularFile())
              .ifPresent(a -> files.add(info(childPath, a)));
        }
      }
    } catch (NoSuchFileException e) {
      throw DbfsErrors.notFound(path);
    } catch (IOException e) {
      throw DbfsErrors.io(path, e);
    }
    files.sort(Comparator.comparing(FileInfo::path));
    return new ListStatusResponse(files);
  }

  private BasicFileAttributes existing(DbfsPath path) {
    return root.attributes(path)
        .filter(a -> a.isDirectory() || a.isRegularFile())
        .orElseThrow(() -> DbfsErrors.notFound(path));
  }

  private static FileInfo info(DbfsPath path, BasicFileAttributes attributes) {
    return new FileInfo(
        path.toString(),
        attributes.isDirectory(),
        attributes.isDirectory() ? 0 : attributes.size(),
        attributes.lastModifiedTime().toMillis());
  }

  // ---- namespace changes

  public void mkdirs(PathRequest request) {
    DbfsPath path = DbfsPath.parse(request.path(), "path");
    synchronized (namespace) {
      root.createDirectories(path);
    }
  }

  /** Renames a file or a whole directory; the destination's parents are created. */
  public void move(MoveRequest request) {
    DbfsPath source = DbfsPath.parse(request.sourcePath(), "source_path");
    DbfsPath destination = DbfsPath.parse(request.destinationPath(), "destination_path");
    if (source.isRoot() || destination.isRoot()) {
      throw ApiException.invalid("Cannot move the root directory / or onto it");
    }
    synchronized (namespace) {
      DbfsRoot.Entry from = root.lookup(source);
      if (!from.exists()) {
        throw DbfsErrors.notFound(source);
      }
      DbfsRoot.Entry to = root.lookup(destination);
      if (to.exists()) {
        throw ApiException.alreadyExists("A file or directory already exists at " + destination);
      }
      if (source.contains(destination)) {
        throw ApiException.invalid("Cannot move " + source + " into itself (" + destination + ")");
      }
      root.createDirectories(destination.parent());
      try {
        Files.move(from.file(), to.file(), StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw DbfsErrors.io(source, e);
      }
    }
  }

  /**
   * Deletes a file or directory; a missing path is a success, as on Databricks. A recursive delete
   * that runs past {@link #DELETE_BUDGET} stops with PARTIAL_DELETE and is resumed by calling
   * again.
   */
  public void delete(DeleteRequest request) {
    DbfsPath path = DbfsPath.parse(request.path(), "path");
    if (path.isRoot()) {
      throw ApiException.invalid("Cannot delete the root directory /");
    }
    DbfsRoot.Entry entry = root.lookup(path);
    if (!entry.exists()) {
      return;
    }
    try {
      if (entry.isDirectory() && Boolean.TRUE.equals(request.recursive())) {
        RecursiveDelete.run(entry.file(), clock, clock.millis() + DELETE_BUDGET.toMillis());
      } else {
        Files.deleteIfExists(entry.file());
      }
    } catch (DirectoryNotEmptyException e) {
      throw new ApiException(
          ErrorCode.IO_ERROR,
          "Directory " + path + " is not empty; set recursive to delete it with its contents",
          e);
    } catch (IOException e) {
      throw DbfsErrors.io(path, e);
    }
  }

  /** Stops background work (finishing pending deletions) and drops every open upload. */
  @Override
  public void close() {
    background.shutdown();
    try {
      if (!background.awaitTermination(5, TimeUnit.SECONDS)) {
        background.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      background.shutdownNow();
    }
    handles.close();
  }
}
