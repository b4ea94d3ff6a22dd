package dev.kiln.server.config;

import dev.kiln.server.autoscaling.AutoscalePolicy;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the local compute backend.
 *
 * @param runtimeDir the Kiln Runtime folder nodes run on
 * @param cores the host's cores for placement; 0 detects them
 * @param memoryMb the host's memory for placement; 0 detects it
 * @param nodeOrphanTimeoutSeconds how long a node waits to hear from its control plane before it
 *     stops itself
 * @param autoscaleBacklogSeconds how long tasks must wait before an autoscaling cluster grows
 * @param autoscaleIdleSeconds how long a worker of an autoscaling cluster must be idle before it is
 *     released
 * @param isolation how nodes are kept out of the control plane's trust: {@code auto} (an account of
 *     their own when Kiln runs as root, a bubblewrap sandbox otherwise), {@code accounts}, {@code
 *     sandbox}, or {@code none} (trusted single-user use only); see {@link
 *     dev.kiln.server.compute.Isolation}
 * @param nodeJvmOptions JVM flags (only {@code -XX:} ones) added to every node JVM's command line
 *     after the runtime's: e.g. {@code -XX:TieredStopAtLevel=1} for short-lived clusters (the test
 *     suite's), where JIT compiling for peak speed costs more than it saves
 */
public record ComputeConfig(
    Path runtimeDir,
    int cores,
    long memoryMb,
    long nodeOrphanTimeoutSeconds,
    long autoscaleBacklogSeconds,
    long autoscaleIdleSeconds,
    String isolation,
    List<String> nodeJvmOptions) {

  public ComputeConfig {
    isolation = isolation == null ? "auto" : isolation;
    nodeJvmOptions = nodeJvmOptions == null ? List.of() : List.copyOf(nodeJvmOptions);
    for (String option : nodeJvmOptions) {
      if (!option.startsWith("-XX:")) {
        throw new IllegalArgumentException(
            "compute.node_jvm_options takes -XX: options only, not " + option);
      }
    }
    dev.kiln.server.compute.Isolation.parse(isolation, false); // fails fast on a bad value
    if (cores < 0 || memoryMb < 0) {
      throw new IllegalArgumentException("compute.cores and compute.memory_mb must be >= 0");
    }
    if (nodeOrphanTimeoutSeconds < 5) {
      throw new IllegalArgumentException("compute.node_orphan_timeout_seconds must be >= 5");
    }
    if (autoscaleBacklogSeconds < 0 || autoscaleIdleSeconds < 1) {
      throw new IllegalArgumentException(
          "compute.autoscale_backlog_seconds must be >= 0 and compute.autoscale_idle_seconds >= 1");
    }
  }

  public static ComputeConfig defaults() {
    return new ComputeConfig(defaultRuntimeDir(), 0, 0, 300, 2, 60, "auto", List.of());
  }

  public ComputeConfig withRuntimeDir(Path dir) {
    return new ComputeConfig(
        dir,
        cores,
        memoryMb,
        nodeOrphanTimeoutSeconds,
        autoscaleBacklogSeconds,
        autoscaleIdleSeconds,
        isolation,
        nodeJvmOptions);
  }

  public ComputeConfig withOrphanTimeout(long seconds) {
    return new ComputeConfig(
        runtimeDir,
        cores,
        memoryMb,
        seconds,
        autoscaleBacklogSeconds,
        autoscaleIdleSeconds,
        isolation,
        nodeJvmOptions);
  }

  public ComputeConfig withCapacity(int newCores, long newMemoryMb) {
    return new ComputeConfig(
        runtimeDir,
        newCores,
        newMemoryMb,
        nodeOrphanTimeoutSeconds,
        autoscaleBacklogSeconds,
        autoscaleIdleSeconds,
        isolation,
        nodeJvmOptions);
  }

  public ComputeConfig withAutoscaling(long backlogSeconds, long idleSeconds) {
    return new ComputeConfig(
        runtimeDir,
        cores,
        memoryMb,
        nodeOrphanTimeoutSeconds,
        backlogSeconds,
        idleSeconds,
        isolation,
        nodeJvmOptions);
  }

  public ComputeConfig withIsolation(String mode) {
    return new ComputeConfig(
        runtimeDir,
        cores,
        memoryMb,
        nodeOrphanTimeoutSeconds,
        autoscaleBacklogSeconds,
        autoscaleIdleSeconds,
        mode,
        nodeJvmOptions);
  }

  public ComputeConfig withNodeJvmOptions(List<String> options) {
    return new ComputeConfig(
        runtimeDir,
        cores,
        memoryMb,
        nodeOrphanTimeoutSeconds,
        autoscaleBacklogSeconds,
        autoscaleIdleSeconds,
        isolation,
        options);
  }

  /** The autoscaling policy's settings. */
  public AutoscalePolicy.Settings autoscaling() {
    return new AutoscalePolicy.Settings(
        Duration.ofSeconds(autoscaleBacklogSeconds), Duration.ofSeconds(autoscaleIdleSeconds));
  }

  /**
   * The runtime the build assembled beside this code: {@code <repo>/runtime/target/kiln-runtime},
   * found from {@code server/target/kiln-server.jar} or {@code server/target/classes} alike.
   */
  static Path defaultRuntimeDir() {
    try {
      Path code =
          Path.of(ComputeConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      Path repo = code.getParent().getParent().getParent();
      Path dir = repo.resolve("runtime").resolve("target").resolve("kiln-runtime");
      return Files.isDirectory(dir)
          ? dir
          : Path.of("runtime", "target", "kiln-runtime").toAbsolutePath();
    } catch (URISyntaxException | RuntimeException e) {
      return Path.of("runtime", "target", "kiln-runtime").toAbsolutePath();
    }
  }
}
