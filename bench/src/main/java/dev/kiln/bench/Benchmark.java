package dev.kiln.bench;

import dev.kiln.it.ServerProcess;
import java.nio.file.Path;
import java.util.List;

/** One named benchmark: it measures the running server and returns rows for the results. */
interface Benchmark {
  String name();

  /** The table its rows go to. */
  Section section();

  List<Row> run(Context context) throws Exception;

  /**
   * What every benchmark gets.
   *
   * @param work a scratch folder on the same disk as the server's home, removed at the end
   */
  record Context(Options options, ServerProcess server, Api api, Path work) {}
}
