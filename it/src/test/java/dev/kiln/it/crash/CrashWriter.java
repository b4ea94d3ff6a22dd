package dev.kiln.it.crash;

import dev.kiln.it.EndpointNotAvailable;
import java.util.List;

/**
 * One kind of write the crash test sends over and over from several threads. A writer for another
 * API is a few lines: how to write item {@code i}, and how to check after the restart that every
 * acknowledged item is there and intact.
 *
 * @param <A> what the writer keeps of an acknowledged write, to check it after the restart
 */
public interface CrashWriter<A> {
  String name();

  /**
   * Once, before the load: what the writes need, such as a parent folder. Throws {@link
   * EndpointNotAvailable} when the API is not served, and the writer is then left out.
   */
  default void setUp() {}

  /**
   * Writes item {@code i} (unique per run) and returns only once the server acknowledged it with a
   * 2xx; throws otherwise. Called concurrently.
   */
  A writeOne(int i);

  /** Checks, after the restart, that each acknowledged write is there and intact. */
  void verifyAcknowledged(List<A> acknowledged);

  /** How many items to write at most, to stay under the API's quotas. */
  default int maxItems() {
    return 100_000;
  }
}
