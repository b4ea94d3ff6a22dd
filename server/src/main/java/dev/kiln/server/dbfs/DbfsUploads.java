package dev.kiln.server.dbfs;

import dev.kiln.model.dbfs.AddBlockRequest;
import dev.kiln.model.dbfs.CloseRequest;
import dev.kiln.model.dbfs.CreateRequest;
import dev.kiln.model.dbfs.CreateResponse;
import dev.kiln.model.dbfs.PutRequest;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes DBFS files: whole-file {@code put}, and streams of blocks by handle. Every upload is
 * staged beside the root and moved into place atomically when complete, so a reader never sees a
 * partial file and a failed or abandoned upload leaves nothing behind.
 */
final class DbfsUploads {
  private static final Logger LOG = LoggerFactory.getLogger(DbfsUploads.class);

  /** Largest decoded {@code put} contents, {@code add-block} data and {@code read} length. */
  static final int MAX_BLOCK_BYTES = 1 << 20;

  private final DbfsRoot root;
  private final Staging staging;
  private final UploadHandles handles;
  private final Object namespace;
  private final Executor background;

  /**
   * @param namespace the lock of check-then-change steps, shared with the service
   * @param background where replaced files are deleted
   */
  DbfsUploads(
      DbfsRoot root,
      Staging staging,
      UploadHandles handles,
      Object namespace,
      Executor background) {
    this.root = root;
    this.staging = staging;
    this.handles = handles;
    this.namespace = namespace;
    this.background = background;
  }

  /** {@code put} with inline base64 contents; absent contents make an empty file. */
  void put(PutRequest request) {
    put(request, null);
  }

  /** {@code put} whose contents were already decoded, when {@code decoded} is not null. */
  void put(PutRequest request, ByteBuffer decoded) {
    DbfsPath target = DbfsPath.parse(request.path(), "path");
    boolean overwrite = Boolean.TRUE.equals(request.overwrite());
    ByteBuffer contents =
        decoded != null
            ? checkBlockSize(decoded, "contents")
            : request.contents() == null
                ? ByteBuffer.allocate(0)
                : decodeBlock(request.contents(), "contents");
    checkWritable(target, overwrite);
    try (StagedFile staged = stage()) {
      staged.write(contents);
      commit(staged, target, overwrite);
    }
  }

  CreateResponse create(CreateRequest request) {
    DbfsPath target = DbfsPath.parse(request.path(), "path");
    boolean overwrite = Boolean.TRUE.equals(request.overwrite());
    checkWritable(target, overwrite);
    StagedFile staged = stage();
    return new CreateResponse(handles.open(target, overwrite, staged));
  }

  void addBlock(AddBlockRequest request) {
    addBlock(request, null);
  }

  /** {@code add-block} whose data was already decoded, when {@code decoded} is not null. */
  void addBlock(AddBlockRequest request, ByteBuffer decoded) {
    long handle = ApiException.required(request.handle(), "handle");
    ByteBuffer data =
        decoded != null
            ? checkBlockSize(decoded, "data")
            : decodeBlock(ApiException.required(request.data(), "data"), "data");
    handles.append(handle, data);
  }

  void close(CloseRequest request) {
    long handle = ApiException.required(request.handle(), "handle");
    UploadHandles.Upload upload = handles.take(handle);
    try (StagedFile staged = upload.staged()) {
      commit(staged, upload.target(), upload.overwrite());
    }
  }

  /**
   * Fails early when {@code target} cannot be written: it is the root or a directory, it exists and
   * {@code overwrite} is false, or a file blocks its parent. The final move checks again.
   */
  void checkWritable(DbfsPath target, boolean overwrite) {
    if (target.isRoot()) {
      throw ApiException.invalid("Cannot write to the root directory /");
    }
    DbfsRoot.Entry existing = root.lookup(target);
    if (existing.exists()) {
      if (existing.isDirectory()) {
        throw ApiException.alreadyExists("A directory already exists at " + target);
      }
      if (!overwrite) {
        throw ApiException.alreadyExists("A file or directory already exists at " + target);
      }
      return;
    }
    for (DbfsPath dir = target.parent(); !dir.isRoot(); dir = dir.parent()) {
      DbfsRoot.Entry parent = root.lookup(dir);
      if (parent.exists()) {
        if (!parent.isDirectory()) {
          throw ApiException.alreadyExists(
              "Cannot create " + target + " because a file exists at " + dir);
        }
        return;
      }
    }
  }

  StagedFile stage() {
    try {
      return staging.newFile();
    } catch (IOException e) {
      throw new ApiException(ErrorCode.IO_ERROR, "Could not start an upload", e);
    }
  }

  /**
   * Moves a complete upload to {@code target} in one step, creating parent directories. {@code
   * overwrite=false} is checked again here, where it cannot race with another upload.
   */
  void commit(StagedFile staged, DbfsPath target, boolean overwrite) {
    staged.finish();
    Path replaced = null;
    synchronized (namespace) {
      checkWritable(target, overwrite);
      root.createDirectories(target.parent());
      DbfsRoot.Entry entry = root.lookup(target);
      if (entry.exists()) {
        replaced = staging.linkAside(entry.file());
      }
      try {
        Files.move(staged.file(), entry.file(), StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        throw new ApiException(ErrorCode.IO_ERROR, "Staging is not on the DBFS file system", e);
      } catch (IOException e) {
        throw DbfsErrors.io(target, e);
      } finally {
        if (replaced != null) {
          deleteLater(replaced);
        }
      }
    }
  }

  /** Deletes a file in the background; whatever is left at a stop is cleaned at the next start. */
  private void deleteLater(Path file) {
    try {
      background.execute(
          () -> {
            try {
              Files.deleteIfExists(file);
            } catch (IOException e) {
              LOG.warn("Could not delete {}", file, e);
            }
          });
    } catch (RejectedExecutionException e) {
      // Stopping: the staging clean at the next start removes it.
    }
  }

  /** Decodes base64 of at most {@link #MAX_BLOCK_BYTES}, refusing larger input before decoding. */
  static ByteBuffer decodeBlock(String base64, String field) {
    if (base64.length() > 4L * ((MAX_BLOCK_BYTES + 2) / 3)) {
      throw blockTooLarge(field);
    }
    try {
      return checkBlockSize(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), field);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(field + " is not valid base64: " + e.getMessage());
    }
  }

  private static ByteBuffer checkBlockSize(ByteBuffer block, String field) {
    if (block.remaining() > MAX_BLOCK_BYTES) {
      throw blockTooLarge(field);
    }
    return block;
  }

  private static ApiException blockTooLarge(String field) {
    return new ApiException(
        ErrorCode.MAX_BLOCK_SIZE_EXCEEDED,
        "The " + field + " exceeds the maximum of " + MAX_BLOCK_BYTES + " bytes per call");
  }
}
