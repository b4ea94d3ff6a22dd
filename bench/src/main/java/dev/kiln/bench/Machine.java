package dev.kiln.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** Facts about this machine and its processes, from {@code /proc}. */
final class Machine {
  private Machine() {}

  /** Cores, CPU model, memory, Java and OS, in one line. */
  static String describe() {
    String cpu = procField("/proc/cpuinfo", "model name").orElse("unknown CPU");
    long memKib = procField("/proc/meminfo", "MemTotal").map(Machine::kib).orElse(0L);
    return String.format(
        Locale.ROOT,
        "%d cores (%s), %.1f GiB RAM, Java %s (%s), %s %s",
        Runtime.getRuntime().availableProcessors(),
        cpu,
        memKib / 1024.0 / 1024.0,
        System.getProperty("java.runtime.version"),
        System.getProperty("java.vendor"),
        System.getProperty("os.name"),
        System.getProperty("os.version"));
  }

  /** The resident memory of a process, in KiB. */
  static long rssKib(long pid) {
    return procField("/proc/" + pid + "/status", "VmRSS")
        .map(Machine::kib)
        .orElseThrow(() -> new IllegalStateException("no VmRSS for process " + pid));
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
