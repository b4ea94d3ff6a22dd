package dev.kiln.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Kiln's OpenAPI description: {@code openapi/kiln.yaml} names one fragment per domain area ({@code
 * x-kiln-fragments}), whose {@code paths} and {@code components} are merged into it. One file per
 * area keeps each description next to the area's own work.
 */
public final class OpenApi {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private OpenApi() {}

  public static ObjectNode load() {
    ObjectNode root = read("openapi/kiln.yaml");
    JsonNode fragments = root.remove("x-kiln-fragments");
    ObjectNode paths = root.withObject("/paths");
    ObjectNode schemas = root.withObject("/components").withObject("/schemas");
    if (fragments != null) {
      for (JsonNode name : fragments) {
        ObjectNode fragment = read("openapi/" + name.asText());
        JsonNode fragmentPaths = fragment.get("paths");
        if (fragmentPaths != null) {
          fragmentPaths.properties().forEach(e -> paths.set(e.getKey(), e.getValue()));
        }
        JsonNode fragmentSchemas = fragment.at("/components/schemas");
        if (fragmentSchemas instanceof ObjectNode s) {
          s.properties().forEach(e -> schemas.set(e.getKey(), e.getValue()));
        }
      }
    }
    return root;
  }

  private static ObjectNode read(String resource) {
    try (InputStream in = OpenApi.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing OpenAPI resource " + resource);
      }
      return (ObjectNode) YAML.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
