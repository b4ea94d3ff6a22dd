package dev.kiln.server.jobs.settings;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kiln.model.Json;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.Requests;

/** JSON in and out of the store and of request trees, with Databricks-style errors. */
public final class JobsJson {
  public static final ObjectMapper MAPPER = Json.mapper();

  /** Binds what clients send: null elements of lists are refused. */
  private static final ObjectMapper REQUEST_MAPPER = Requests.forRequests(MAPPER);

  private JobsJson() {}

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public static ObjectNode tree(String stored) {
    try {
      return (ObjectNode) MAPPER.readTree(stored);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable stored JSON", e);
    }
  }

  public static <T> T read(String stored, Class<T> type) {
    if (stored == null) {
      return null;
    }
    try {
      return MAPPER.readValue(stored, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("unreadable stored JSON", e);
    }
  }

  /** A request tree as a record; a type mismatch is INVALID_PARAMETER_VALUE naming the field. */
  public static <T> T convert(JsonNode node, Class<T> type, String what) {
    try {
      return REQUEST_MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      String field =
          e instanceof com.fasterxml.jackson.databind.JsonMappingException m
              ? m.getPath().stream()
                  .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                  .reduce((a, b) -> a + "." + b)
                  .orElse("")
              : "";
      throw ApiException.invalid(
          "Invalid " + what + (field.isEmpty() ? "" : ": bad value for field '" + field + "'"));
    }
  }
}
