package dev.kiln.server.clusters;

import java.nio.file.Path;

/**
 * One installed Kiln Runtime: the folder {@code home} with its {@code runtime.json}.
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
    Path home) {}
