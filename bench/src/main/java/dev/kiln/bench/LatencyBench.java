package dev.kiln.bench;

import dev.kiln.it.EndpointNotAvailable;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** Latency and throughput of one GET under concurrent clients. */
final class LatencyBench implements Benchmark {
  private final String name;
  private final String path;
  private final Consumer<Api> setUp;

  /**
   * @param setUp what must exist before {@code path} answers 200, made through the API
   */
  LatencyBench(String name, String path, Consumer<Api> setUp) {
    this.name = name;
    this.path = path;
    this.setUp = setUp;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Section section() {
    return Section.LATENCY;
  }

  @Override
  public List<Row> run(Context context) throws InterruptedException {
    String title = "GET " + path;
    Options o = context.options();
    try {
      setUp.accept(context.api());
      context.api().get(path);
    } catch (EndpointNotAvailable e) {
      return List.of(Row.missing(Section.LATENCY, title, e.getMessage()));
    }
    load(context, Duration.ofSeconds(o.warmupSeconds()));
    long server = context.server().pid();
    long client = ProcessHandle.current().pid();
    double serverCpu = Machine.cpuSeconds(server);
    double clientCpu = Machine.cpuSeconds(client);
    Load load = load(context, Duration.ofSeconds(o.seconds()));
    serverCpu = Machine.cpuSeconds(server) - serverCpu;
    clientCpu = Machine.cpuSeconds(client) - clientCpu;
    Latencies l = load.latencies();
    return List.of(
        Row.of(
            Section.LATENCY,
            title,
            o.clients() + " clients, " + o.seconds() + " s",
            String.format(Locale.ROOT, "%.0f", l.count() / (load.nanos() / 1e9)),
            l.percentileMs(0.50),
            l.percentileMs(0.90),
            l.percentileMs(0.99),
            l.maxMs(),
            Integer.toString(l.count()),
            load.errors() == 0 ? "0" : load.errors() + " (first: " + load.firstError() + ")",
            String.format(Locale.ROOT, "%.2f", 1000 * serverCpu / Math.max(1, l.count())),
            String.format(Locale.ROOT, "%.2f", 1000 * clientCpu / Math.max(1, l.count()))));
  }

  /** What a timed load gave: latencies of the 200s, and everything else as errors. */
  private record Load(Latencies latencies, long nanos, int errors, String firstError) {}

  private Load load(Context context, Duration duration) throws InterruptedException {
    int clients = context.options().clients();
    CountDownLatch go = new CountDownLatch(1);
    List<Latencies.Recorder> recorders = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    int[] errors = new int[clients];
    AtomicReference<String> firstError = new AtomicReference<>();
    long[] deadline = new long[1];
    for (int c = 0; c < clients; c++) {
      Latencies.Recorder recorder = new Latencies.Recorder();
      recorders.add(recorder);
      // Its own client: its own connection, kept alive across the loop.
      Api api = context.api().copy();
      int client = c;
      Thread t =
          new Thread(
              () -> {
                await(go);
                while (System.nanoTime() < deadline[0]) {
                  long start = System.nanoTime();
                  String error = call(api);
                  if (error == null) {
                    recorder.add(System.nanoTime() - start);
                  } else {
                    errors[client]++;
                    firstError.compareAndSet(null, error);
                  }
                }
              },
              "bench-client-" + c);
      threads.add(t);
      t.start();
    }
    long start = System.nanoTime();
    deadline[0] = start + duration.toNanos();
    go.countDown();
    for (Thread t : threads) {
      t.join();
    }
    int errorCount = 0;
    for (int e : errors) {
      errorCount += e;
    }
    return new Load(
        Latencies.merge(recorders), System.nanoTime() - start, errorCount, firstError.get());
  }

  /** One request; null when it answered 200, else what went wrong. */
  private String call(Api api) {
    try {
      HttpResponse<byte[]> r =
          api.send(
              "GET",
              path,
              HttpRequest.BodyPublishers.noBody(),
              null,
              HttpResponse.BodyHandlers.ofByteArray());
      return r.statusCode() == 200 ? null : "HTTP " + r.statusCode();
    } catch (UncheckedIOException e) {
      return e.getCause().toString();
    }
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
