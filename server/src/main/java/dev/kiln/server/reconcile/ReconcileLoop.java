package dev.kiln.server.reconcile;

import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The heartbeat every reconciler shares. Each tick, and soon after {@link #wake()}, it lists what
 * needs work and runs one step per item on a few step threads. Wakes that come before a woken pass
 * begins share that pass: a burst of them lists once, not once each. An item is never stepped twice
 * at once: a wake that finds an item's step running steps it again right after, so the news that
 * woke the loop is never left for the next tick. A step that throws is logged and retried on a
 * later tick, so one broken item never stops the others.
 *
 * @param <T> what is reconciled (a cluster id, a pool row...)
 */
public final class ReconcileLoop<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

  private final String name;
  private final Duration tick;
  private final Supplier<? extends Collection<T>> unsettled;
  private final Function<T, String> key;
  private final Consumer<T> step;
  private final ScheduledExecutorService ticker;
  private final ExecutorService steps;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final Set<String> again = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean wakeQueued = new AtomicBoolean();

  /**
   * @param name for thread names and log lines, e.g. "cluster"
   * @param tick the time between passes
   * @param threads how many items may be stepped at once
   * @param unsettled the items that need work now
   * @param key an item's identity: one step at a time per key
   * @param step one step for one item
   */
  public ReconcileLoop(
      String name,
      Duration tick,
      int threads,
      Supplier<? extends Collection<T>> unsettled,
      Function<T, String> key,
      Consumer<T> step) {
    this.name = name;
    this.tick = tick;
    this.unsettled = unsettled;
    this.key = key;
    this.step = step;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "kiln-" + name + "-loop"));
    this.steps = Executors.newFixedThreadPool(threads, r -> daemon(r, "kiln-" + name + "-step"));
  }

  public void start() {
    var unused =
        ticker.scheduleWithFixedDelay(() -> pass(false), 0, tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs a pass soon, e.g. after a request changed something this loop looks after. */
  public void wake() {
    if (ticker.isShutdown() || !wakeQueued.compareAndSet(false, true)) {
      return; // a woken pass is queued and has not begun: it will see this news too
    }
    try {
      ticker.execute(
          () -> {
            wakeQueued.set(false); // a wake from now on needs a pass after this one
            pass(true);
          });
    } catch (RejectedExecutionException e) {
      wakeQueued.set(false); // closing
    }
  }

  private void pass(boolean woken) {
    try {
      for (T item : unsettled.get()) {
        String id = key.apply(item);
        if (inFlight.add(id)) {
          submit(item, id);
        } else if (woken) {
          again.add(id);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("The {} reconciler's pass failed; will retry", name, e);
    }
  }

  private void submit(T item, String id) {
    steps.execute(
        () -> {
          try {
            step.accept(item);
          } catch (RuntimeException | LinkageError e) {
            LOG.warn("Reconciling {} {} failed; will retry", name, id, e);
          } finally {
            if (!again.remove(id) || !resubmit(item, id)) {
              inFlight.remove(id);
            }
          }
        });
  }

  /** Steps an item again that was woken while its step ran; false once the loop is closed. */
  private boolean resubmit(T item, String id) {
    try {
      submit(item, id);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /**
   * Stops the passes and lets running steps finish, without interrupts: a step interrupted in a
   * database write would close H2's file under everyone, and steps are short (their calls time out
   * in seconds).
   */
  @Override
  public void close() {
    ticker.shutdownNow();
    steps.shutdown();
    try {
      if (!steps.awaitTermination(15, TimeUnit.SECONDS)) {
        LOG.warn("The {} reconciler's steps are still running at close", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread daemon(Runnable r, String name) {
    Thread t = new Thread(r, name);
    t.setDaemon(true);
    return t;
  }
}
