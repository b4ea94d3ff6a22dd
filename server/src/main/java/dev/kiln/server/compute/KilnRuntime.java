package dev.kiln.server.compute;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * One installed Kiln Runtime: the folder {@code home} with its {@code runtime.json}, {@code jars/}
 * (Spark, Delta, Hive client, Scala compiler, kiln-node), and {@code jvm.options}.
 *
 * @param key the {@code spark_version} users ask for, e.g. {@code 1.0.x-scala2.13}
 * @param name what {@code clusters/spark-versions} shows
 */
public record KilnRuntime(
    String key,
    String name,
    String sparkVersion,
    String scalaVersion,
    String deltaVersion,
    Path home) {

  /** The JVM flags Spark's drivers need (module opens), one per line of {@code jvm.options}. */
  public List<String> jvmOptions() {
    Path options = home.resolve("jvm.options");
    if (!Files.isRegularFile(options)) {
      return List.of();
    }
    try {
      return Files.readAllLines(options).stream()
          .map(String::trim)
          .filter(line -> !line.isEmpty() && !line.startsWith("#"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
