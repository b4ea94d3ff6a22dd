package dev.kiln.server.dbfs;

import java.util.concurrent.ArrayBlockingQueue;

/**
 * A few reusable arrays for the block-sized work of add-block, put and read, so that a 1 MiB block
 * costs no allocation, zeroing or garbage. Only {@link #KEPT} are kept: more concurrent calls
 * allocate their own, as before, and memory stays bounded (a few MiB).
 */
final class BlockBuffers {
  /** About one per core serving blocks; more is memory that rarely helps. */
  static final int KEPT = 4;

  private final int size;
  private final ArrayBlockingQueue<byte[]> free = new ArrayBlockingQueue<>(KEPT);

  /**
   * @param size the length of every array handed out
   */
  BlockBuffers(int size) {
    this.size = size;
  }

  int size() {
    return size;
  }

  /** An array of {@link #size} bytes with any content; hand it back with {@link #give}. */
  byte[] take() {
    byte[] array = free.poll();
    return array != null ? array : new byte[size];
  }

  /** Returns an array from {@link #take}; the caller must no longer use it. */
  void give(byte[] array) {
    if (array.length == size) {
      var unused = free.offer(array); // when the pool is full, the array is simply dropped
    }
  }
}
