package dev.kiln.server.compute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.clusters.SparkVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runtimes clusters can run, each read from the {@code runtime.json} of its folder (written by
 * the build into {@code runtime/target/kiln-runtime}).
 */
public final class RuntimeCatalog {
  public static final String DESCRIPTOR = "runtime.json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, KilnRuntime> byKey;

  private RuntimeCatalog(List<KilnRuntime> runtimes) {
    Map<String, KilnRuntime> map = new LinkedHashMap<>();
    for (KilnRuntime r : runtimes) {
      if (map.putIfAbsent(r.key(), r) != null) {
        throw new IllegalArgumentException("Two runtimes have the key " + r.key());
      }
    }
    this.byKey = map;
  }

  public static RuntimeCatalog of(List<KilnRuntime> runtimes) {
    return new RuntimeCatalog(runtimes);
  }

  /**
   * Reads the runtime in each of {@code homes}.
   *
   * @throws IllegalArgumentException when a folder has no valid {@code runtime.json}
   */
  public static RuntimeCatalog load(List<Path> homes) {
    List<KilnRuntime> runtimes = new ArrayList<>();
    for (Path home : homes) {
      runtimes.add(read(home));
    }
    return new RuntimeCatalog(runtimes);
  }

  public static RuntimeCatalog load(Path home) {
    return load(List.of(home));
  }

  static KilnRuntime read(Path home) {
    Path file = home.resolve(DESCRIPTOR);
    JsonNode json;
    try {
      json = MAPPER.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IllegalArgumentException("Cannot read the Kiln Runtime descriptor " + file, e);
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(file + " is not a JSON object");
    }
    return new KilnRuntime(
        field(json, "key", file, true),
        field(json, "name", file, true),
        field(json, "spark_version", file, true),
        field(json, "scala_version", file, false),
        field(json, "delta_version", file, false),
        home.toAbsolutePath().normalize());
  }

  private static String field(JsonNode json, String name, Path file, boolean required) {
    JsonNode value = json.get(name);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      if (required) {
        throw new IllegalArgumentException(file + " has no " + name);
      }
      return null;
    }
    String text = value.asText();
    if (text.contains("${")) {
      throw new IllegalArgumentException(
          file + " has an unfiltered " + name + " (" + text + "): use the built runtime folder");
    }
    return text;
  }

  /** What {@code clusters/spark-versions} lists. */
  public List<SparkVersion> versions() {
    return byKey.values().stream().map(r -> new SparkVersion(r.key(), r.name())).toList();
  }

  public Optional<KilnRuntime> find(String key) {
    return Optional.ofNullable(key == null ? null : byKey.get(key));
  }

  public List<String> keys() {
    return List.copyOf(byKey.keySet());
  }
}
