package dev.kiln.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code ./kiln bench}: which benchmarks, and how long and how big.
 *
 * @param root the repository: where the packaged server is, and where BENCHMARKS.md goes
 * @param out the results file to update
 * @param clients concurrent clients of the API latency benchmarks
 * @param warmupSeconds load before each API latency measurement, not counted
 * @param seconds how long each API latency benchmark measures
 * @param dbfsMib size of the DBFS transfer file
 * @param names benchmarks to run; empty means all
 */
record Options(
    Path root,
    Path out,
    int clients,
    int warmupSeconds,
    int seconds,
    int dbfsMib,
    List<String> names) {

  static final int CLIENTS = 32;
  static final int WARMUP_SECONDS = 5;
  static final int SECONDS = 10;
  static final int DBFS_MIB = 1024;

  static final String USAGE =
      "usage: kiln bench [--clients N] [--warmup S] [--seconds S] [--dbfs-mib N] [--out FILE]"
          + " [names...]";

  /** Parses {@code --root DIR} (the launcher passes it) and the options of {@link #USAGE}. */
  static Options parse(String[] args) {
    Path root = null;
    Path out = null;
    int clients = CLIENTS;
    int warmup = WARMUP_SECONDS;
    int seconds = SECONDS;
    int dbfsMib = DBFS_MIB;
    List<String> names = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        names.add(arg);
        continue;
      }
      if (i + 1 == args.length) {
        throw new IllegalArgumentException(arg + " needs a value");
      }
      String value = args[++i];
      switch (arg) {
        case "--root" -> root = Path.of(value);
        case "--out" -> out = Path.of(value);
        case "--clients" -> clients = positive(arg, value);
        case "--warmup" -> warmup = positive(arg, value);
        case "--seconds" -> seconds = positive(arg, value);
        case "--dbfs-mib" -> dbfsMib = positive(arg, value);
        default -> throw new IllegalArgumentException("unknown option " + arg);
      }
    }
    if (root == null) {
      throw new IllegalArgumentException("--root is missing (run the benchmarks by ./kiln bench)");
    }
    root = root.toAbsolutePath().normalize();
    return new Options(
        root,
        out == null ? root.resolve("BENCHMARKS.md") : out,
        clients,
        warmup,
        seconds,
        dbfsMib,
        List.copyOf(names));
  }

  private static int positive(String option, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // Reported below, with the option named.
    }
    throw new IllegalArgumentException(option + " must be a positive number, got " + value);
  }

  Path serverJar() {
    return root.resolve("server/target/kiln-server.jar");
  }

  /** The Kiln Runtime the build assembled: a SPARK_HOME with jars/, conf/ and jvm.options. */
  Path runtimeDir() {
    return root.resolve("runtime/target/kiln-runtime");
  }
}
