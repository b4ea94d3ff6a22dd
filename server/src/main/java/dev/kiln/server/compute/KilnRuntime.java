package dev.kiln.server.compute;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kiln.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A Kiln Runtime folder as the build assembles it: {@code jars/} (Spark, Delta, Hive client, Scala
 * compiler, kiln-node), {@code conf/}, {@code jvm.options} (the flags Spark's drivers need) and
 * {@code runtime.json} naming the versions inside.
 */
public record KilnRuntime(
    Path home,
    String key,
    String name,
    String sparkVersion,
    String scalaVersion,
    String deltaVersion,
    List<String> jvmOptions) {

  public static KilnRuntime load(Path home) throws IOException {
    Path descriptor = home.resolve("runtime.json");
    if (!Files.isRegularFile(descriptor)) {
      throw new IOException(
          "No Kiln Runtime at "
              + home
              + " (runtime.json missing): build it with `mvn -pl runtime -am package` or set"
              + " runtime.dir");
    }
    JsonNode json = Json.mapper().readTree(descriptor.toFile());
    Path options = home.resolve("jvm.options");
    List<String> jvmOptions =
        Files.isRegularFile(options)
            ? Files.readAllLines(options).stream()
                .map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList()
            : List.of();
    return new KilnRuntime(
        home.toAbsolutePath().normalize(),
        json.path("key").asText(),
        json.path("name").asText(),
        json.path("spark_version").asText(),
        json.path("scala_version").asText(),
        json.path("delta_version").asText(),
        jvmOptions);
  }
}
