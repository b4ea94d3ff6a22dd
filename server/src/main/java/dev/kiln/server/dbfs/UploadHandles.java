package dev.kiln.server.dbfs;

import dev.kiln.server.api.ApiException;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The open upload streams of {@code create}/{@code add-block}/{@code close}, in memory. A handle
 * left idle for {@link #IDLE_TIMEOUT} expires, and its staged bytes are deleted. Expiry is checked
 * lazily on use and by {@link #expireIdle}, which the service runs on a schedule.
 */
final class UploadHandles implements AutoCloseable {
  static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);

  /** One open stream; its lock orders appends against close and expiry. */
  static final class Upload {
    private final long handle;
    private final DbfsPath target;
    private final boolean overwrite;
    private final StagedFile staged;
    private long lastUsed;
    private boolean ended;

    private Upload(long handle, DbfsPath target, boolean overwrite, StagedFile staged, long now) {
      this.handle = handle;
      this.target = target;
      this.overwrite = overwrite;
      this.staged = staged;
      this.lastUsed = now;
    }

    DbfsPath target() {
      return target;
    }

    boolean overwrite() {
      return overwrite;
    }

    StagedFile staged() {
      return staged;
    }
  }

  private final Map<Long, Upload> open = new ConcurrentHashMap<>();
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  private static final long JS_SAFE_MASK = (1L << 53) - 1;

  UploadHandles(Clock clock) {
    this.clock = clock;
  }

  /**
   * Registers an upload and returns its handle: a random positive int64 below 2^53, the largest
   * integer JavaScript's JSON parsing keeps exact, so browser clients can send it back.
   */
  long open(DbfsPath target, boolean overwrite, StagedFile staged) {
    while (true) {
      long handle = random.nextLong() & JS_SAFE_MASK;
      if (handle != 0
          && open.putIfAbsent(handle, new Upload(handle, target, overwrite, staged, clock.millis()))
              == null) {
        return handle;
      }
    }
  }

  /** Appends a block to an open upload. */
  void append(long handle, ByteBuffer block) {
    Upload upload = live(handle);
    synchronized (upload) {
      if (upload.ended) {
        throw unknown(handle);
      }
      upload.staged.write(block);
      upload.lastUsed = clock.millis();
    }
  }

  /** Ends an open upload and hands it over; the caller moves or deletes its staged file. */
  Upload take(long handle) {
    Upload upload = live(handle);
    synchronized (upload) {
      if (upload.ended || !open.remove(handle, upload)) {
        throw unknown(handle);
      }
      upload.ended = true;
      return upload;
    }
  }

  /** Expires every idle upload; returns how many. */
  int expireIdle() {
    int expired = 0;
    for (Upload upload : new ArrayList<>(open.values())) {
      if (idle(upload) && end(upload)) {
        expired++;
      }
    }
    return expired;
  }

  int size() {
    return open.size();
  }

  private Upload live(long handle) {
    Upload upload = open.get(handle);
    if (upload == null) {
      throw unknown(handle);
    }
    if (idle(upload)) {
      end(upload);
      throw unknown(handle);
    }
    return upload;
  }

  private boolean idle(Upload upload) {
    synchronized (upload) {
      return clock.millis() - upload.lastUsed >= IDLE_TIMEOUT.toMillis();
    }
  }

  /** Ends an upload and deletes its staged bytes; false if someone else ended it first. */
  private boolean end(Upload upload) {
    synchronized (upload) {
      if (upload.ended) {
        return false;
      }
      upload.ended = true;
      open.remove(upload.handle, upload);
      upload.staged.close();
      return true;
    }
  }

  private static ApiException unknown(long handle) {
    return ApiException.notFound("Handle " + handle + " does not exist or has expired.");
  }

  /** Drops every open upload, as a stopping server does. */
  @Override
  public void close() {
    List<Upload> all = new ArrayList<>(open.values());
    all.forEach(this::end);
  }
}
