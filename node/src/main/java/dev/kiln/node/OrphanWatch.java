package dev.kiln.node;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a node the control plane forgot: every authenticated request is contact, and when there has
 * been none for the timeout, {@link #check()} hands a reason to the stop action, once. A zero
 * timeout turns the watch off.
 */
final class OrphanWatch {
  private static final Logger log = LoggerFactory.getLogger(OrphanWatch.class);

  private final Duration timeout;
  private final Clock clock;
  private final Consumer<String> stop;
  private final AtomicBoolean fired = new AtomicBoolean();
  private volatile long lastContact;

  OrphanWatch(Duration timeout, Clock clock, Consumer<String> stop) {
    this.timeout = timeout;
    this.clock = clock;
    this.stop = stop;
    this.lastContact = clock.millis();
  }

  void contact() {
    lastContact = clock.millis();
  }

  /** Returns whether the node is orphaned (and the stop action was called, once). */
  boolean check() {
    if (timeout.isZero()) {
      return false;
    }
    long silentMs = clock.millis() - lastContact;
    if (silentMs < timeout.toMillis()) {
      return false;
    }
    if (fired.compareAndSet(false, true)) {
      String why =
          "no contact from the control plane for "
              + silentMs / 1000
              + " s (orphan timeout "
              + timeout.toSeconds()
              + " s)";
      log.warn("Node orphaned: {}; stopping", why);
      stop.accept("orphaned: " + why);
    }
    return true;
  }
}
