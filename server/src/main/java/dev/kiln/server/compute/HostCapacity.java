package dev.kiln.server.compute;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What this host can give to clusters. Cores are oversubscribed ({@value #VCPUS_PER_CORE} vCPUs per
 * processor): Spark tasks are threads that mostly wait on I/O, so sharing a processor costs speed,
 * not correctness. Memory never is: the sum of the clusters' memory must fit in the host's, less
 * {@value #RESERVED_MB} MB kept for the control plane and the operating system.
 *
 * @param cores vCPUs to hand out
 * @param memoryMb memory to hand out
 */
public record HostCapacity(int cores, long memoryMb) {
  public static final int VCPUS_PER_CORE = 4;
  public static final long RESERVED_MB = 2048;

  /** Assumed when the total memory cannot be read at all. */
  static final long FALLBACK_TOTAL_MB = 8192;

  public HostCapacity {
    if (cores < 1) {
      throw new IllegalArgumentException("cores must be at least 1: " + cores);
    }
    if (memoryMb < 0) {
      throw new IllegalArgumentException("memoryMb must not be negative: " + memoryMb);
    }
  }

  /** This host: its processors times {@value #VCPUS_PER_CORE}, its memory less the reserve. */
  public static HostCapacity detect() {
    long totalMb =
        memTotalMb(Path.of("/proc/meminfo")).or(HostCapacity::jvmTotalMb).orElse(FALLBACK_TOTAL_MB);
    return of(Runtime.getRuntime().availableProcessors(), totalMb);
  }

  /** The capacity of a host with {@code processors} processors and {@code totalMb} of memory. */
  public static HostCapacity of(int processors, long totalMb) {
    return new HostCapacity(
        Math.max(1, processors) * VCPUS_PER_CORE, Math.max(0, totalMb - RESERVED_MB));
  }

  /** {@code MemTotal} of a Linux {@code /proc/meminfo}, in MB; empty when it cannot be read. */
  static Optional<Long> memTotalMb(Path meminfo) {
    try {
      return Files.exists(meminfo) ? parseMemTotalMb(Files.readString(meminfo)) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static Optional<Long> parseMemTotalMb(String meminfo) {
    for (String line : meminfo.split("\n")) {
      if (line.startsWith("MemTotal:")) {
        String[] parts = line.substring("MemTotal:".length()).trim().split("\\s+");
        try {
          return Optional.of(Long.parseLong(parts[0]) / 1024);
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** The physical memory the JVM reports (macOS, Windows). */
  private static Optional<Long> jvmTotalMb() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      long bytes = os.getTotalMemorySize();
      return bytes > 0 ? Optional.of(bytes >> 20) : Optional.empty();
    }
    return Optional.empty();
  }
}
