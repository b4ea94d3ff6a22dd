package dev.kiln.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Facts about this machine and its processes, from {@code /proc}. */
final class Machine {
  private Machine() {}

  /**
   * Cores, CPU model, memory, Java, OS and the load average, in one line. The load tells whether
   * other work shared the machine during the run.
   */
  static String describe() {
    String cpu = procField("/proc/cpuinfo", "model name").orElse("unknown CPU");
    long memKib = procField("/proc/meminfo", "MemTotal").map(Machine::kib).orElse(0L);
    return String.format(
        Locale.ROOT,
        "%d cores (%s), %.1f GiB RAM, Java %s (%s), %s %s, load average before the run %s",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        memKib / 1024.0 / 1024.0,
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.version"),
        loadAverage());
  }

  /** The 1, 5 and 15 minute load averages. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return fields[0] + " / " + fields[1] + " / " + fields[2];
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** CPU time a process has used so far (user and system), in seconds. */
  static double cpuSeconds(long pid) {
    return ProcessHandle.of(pid)
            .flatMap(p -> p.info().totalCpuDuration())
            .orElseThrow(() -> new IllegalStateException("no CPU time for process " + pid))
            .toNanos()
        / 1e9;
  }

  /**
   * Waits until a process uses under 5% of a core over half a second, or {@code max} has passed;
   * true if it went quiet. A fresh JVM's JIT compiles for many seconds after its load began.
   */
  static boolean awaitQuiet(long pid, Duration max) throws InterruptedException {
    long end = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < end) {
      double before = cpuSeconds(pid);
      Thread.sleep(500);
      if (cpuSeconds(pid) - before < 0.025) {
        return true;
      }
    }
    return false;
  }

  /** The resident memory of a process, in KiB. */
  static long rssKib(long pid) {
    return procField("/proc/" + pid + "/status", "VmRSS")
        .map(Machine::kib)
        .orElseThrow(() -> new IllegalStateException("no VmRSS for process " + pid));
  }

  /**
   * The processes with {@code arg} as one of their command-line arguments (from
   * /proc/<pid>/cmdline), each with all its arguments, in pid order.
   */
  static Map<Long, List<String>> processesWith(String arg) {
    Map<Long, List<String>> found = new LinkedHashMap<>();
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        List<String> args = cmdline(proc);
        if (pid != self && args.contains(arg)) {
          found.put(pid, args);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private static List<String> cmdline(Path proc) {
    try {
      byte[] bytes = Files.readAllBytes(proc.resolve("cmdline"));
      return Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\0"));
    } catch (IOException e) {
      return List.of(); // ended meanwhile, or not ours to read
    }
  }

  /** The resident memory of a process in KiB, or 0 when it is gone. */
  static long rssKibOrZero(long pid) {
    try {
      return rssKib(pid);
    } catch (RuntimeException e) {
      return 0;
    }
  }

  /** The value of the first {@code name: value} line of a /proc file. */
  private static Optional<String> procField(String file, String name) {
    try {
      return Files.readAllLines(Path.of(file)).stream()
          .filter(line -> line.startsWith(name) && line.contains(":"))
          .map(line -> line.substring(line.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** "123456 kB" as 123456. */
  private static long kib(String value) {
    return Long.parseLong(value.replace("kB", "").trim());
  }
}
