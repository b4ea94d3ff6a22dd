package dev.kiln.bench;

import dev.kiln.it.ServerProcess;
import java.util.Arrays;
import java.util.List;

/** Restarts of the server on its existing home: how long until it answers, and its memory then. */
final class StartupBench implements Benchmark {
  private static final int RUNS = 3;

  @Override
  public String name() {
    return "startup";
  }

  @Override
  public Section section() {
    return Section.SERVER;
  }

  @Override
  public List<Row> run(Context context) throws InterruptedException {
    ServerProcess server = context.server();
    long[] millis = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      server.restart();
      millis[i] = server.startMillis();
    }
    String runs = Arrays.toString(millis);
    Arrays.sort(millis);
    return List.of(
        Row.of(
            Section.SERVER,
            "restart on an existing home (median of " + RUNS + ")",
            millis[RUNS / 2] + " ms (runs: " + runs.substring(1, runs.length() - 1) + ")"),
        Bench.idleRss(server, "RSS 1 s after a restart"));
  }
}
