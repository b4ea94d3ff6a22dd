package dev.kiln.it.crash;

import dev.kiln.it.EndpointNotAvailable;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Client threads that run {@link CrashWriter}s without pause until the server stops answering,
 * recording each write the server acknowledged. A transport failure after {@link #crash} is the
 * expected end of a thread; any other failure is kept for the test to report.
 */
public final class WriteLoad {
  private final List<Lane<?>> lanes = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final Queue<String> failures = new ConcurrentLinkedQueue<>();
  private volatile boolean crashed;

  private WriteLoad() {}

  /**
   * Sets up each writer and starts the threads. A writer whose API is not served is left out and
   * counted as a failure: every API it covers is expected to be there.
   */
  public static WriteLoad start(List<CrashWriter<?>> writers, int threadsPerWriter) {
    WriteLoad load = new WriteLoad();
    for (CrashWriter<?> writer : writers) {
      Lane<?> lane = load.new Lane<>(writer);
      load.lanes.add(lane);
      if (!lane.available()) {
        load.failures.add(writer.name() + ": " + lane.unavailable);
      } else {
        for (int t = 0; t < threadsPerWriter; t++) {
          Thread thread = new Thread(lane::run, "crash-" + writer.name() + "-" + t);
          load.threads.add(thread);
          thread.start();
        }
      }
    }
    return load;
  }

  /** Waits until every available writer has {@code count} acknowledged writes. */
  public void awaitAcknowledged(int count, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (lanes.stream().anyMatch(l -> l.available() && l.acked.size() < count)) {
      if (System.nanoTime() > deadline || !failures.isEmpty()) {
        throw new AssertionError(
            "not " + count + " writes each within " + timeout + ": " + this + failures);
      }
      Thread.sleep(5);
    }
  }

  /** Runs {@code kill} while the threads write, then waits for them all to stop. */
  public void crash(Runnable kill) throws InterruptedException {
    crashed = true;
    kill.run();
    for (Thread thread : threads) {
      thread.join(Duration.ofSeconds(40).toMillis());
    }
  }

  /** What went wrong before the crash: error answers and lost connections. */
  public List<String> failures() {
    return List.copyOf(failures);
  }

  /** Each available writer checks everything acknowledged so far. */
  public void verifyAcknowledged() {
    lanes.stream().filter(Lane::available).forEach(Lane::verify);
  }

  /** One more acknowledged write per available writer, now, on this thread. */
  public void writeOneMoreEach() {
    lanes.stream().filter(Lane::available).forEach(Lane::writeNext);
  }

  /** Per writer: how many writes were acknowledged, or that its API is not served. */
  @Override
  public String toString() {
    return lanes.stream().map(Lane::toString).collect(Collectors.joining(", "));
  }

  /** One writer, its next item number and what the server acknowledged. */
  private final class Lane<A> {
    private final CrashWriter<A> writer;
    private final AtomicInteger next = new AtomicInteger();
    private final Queue<A> acked = new ConcurrentLinkedQueue<>();
    private final String unavailable;

    Lane(CrashWriter<A> writer) {
      this.writer = writer;
      String why = null;
      try {
        writer.setUp();
      } catch (EndpointNotAvailable e) {
        why = e.getMessage();
      }
      this.unavailable = why;
    }

    boolean available() {
      return unavailable == null;
    }

    void run() {
      for (int i = next.getAndIncrement(); i < writer.maxItems(); i = next.getAndIncrement()) {
        try {
          acked.add(writer.writeOne(i));
        } catch (UncheckedIOException e) {
          if (!crashed) {
            failures.add(writer.name() + " #" + i + ": " + e);
          }
          return;
        } catch (RuntimeException | AssertionError e) {
          failures.add(writer.name() + " #" + i + ": " + e);
          return;
        }
      }
    }

    void writeNext() {
      acked.add(writer.writeOne(next.getAndIncrement()));
    }

    void verify() {
      writer.verifyAcknowledged(List.copyOf(acked));
    }

    @Override
    public String toString() {
      return writer.name()
          + (available() ? ": " + acked.size() + " acknowledged" : ": not available");
    }
  }
}
