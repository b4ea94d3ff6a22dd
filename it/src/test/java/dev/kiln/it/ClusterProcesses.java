package dev.kiln.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The processes of a cluster, found by the {@code -Dkiln.cluster=<id>} argument every node and
 * executor JVM carries on its command line (read from {@code /proc/<pid>/cmdline}).
 */
final class ClusterProcesses {
  private ClusterProcesses() {}

  static List<Long> tagged(String clusterId) {
    String tag = "-Dkiln.cluster=" + clusterId;
    long self = ProcessHandle.current().pid();
    List<Long> pids = new ArrayList<>();
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        if (pid != self && Arrays.asList(cmdline(proc)).contains(tag)) {
          pids.add(pid);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return pids;
  }

  private static String[] cmdline(Path proc) {
    try {
      return new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8)
          .split("\0");
    } catch (IOException e) {
      return new String[0]; // gone meanwhile, or not ours to read
    }
  }

  /** The executor JVMs of a cluster (its Workers' children), with their command lines. */
  static List<List<String>> executorCommandLines(String clusterId) {
    List<List<String>> lines = new ArrayList<>();
    for (long pid : tagged(clusterId)) {
      List<String> line = Arrays.asList(cmdline(Path.of("/proc", Long.toString(pid))));
      if (line.contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")) {
        lines.add(line);
      }
    }
    return lines;
  }

  /** Whether the standby executor JVM of a pool's instance is up and has {@code file} mapped. */
  static boolean standbyMapping(String instanceId, Path file) {
    String tag = "-Dkiln.standby=" + instanceId;
    try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path proc : procs) {
        if (Arrays.asList(cmdline(proc)).contains(tag)) {
          return Files.readString(proc.resolve("maps")).contains(file.toString());
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return false;
  }

  /** The executor JVMs of a cluster that have {@code file} mapped (a class data archive in use). */
  static long executorsMapping(String clusterId, Path file) {
    long mapping = 0;
    for (long pid : tagged(clusterId)) {
      Path proc = Path.of("/proc", Long.toString(pid));
      if (Arrays.asList(cmdline(proc))
          .contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")) {
        try {
          if (Files.readString(proc.resolve("maps")).contains(file.toString())) {
            mapping++;
          }
        } catch (IOException e) {
          // gone meanwhile
        }
      }
    }
    return mapping;
  }

  static void killTagged(String clusterId) {
    for (long pid : tagged(clusterId)) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  static long rssMb(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return 0;
  }
}
