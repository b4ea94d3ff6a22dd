package dev.kiln.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a request into a typed record: the JSON body of a POST (also when sent as {@code
 * text/json}, as the legacy CLI does), or the query string of a GET ({@code a.b=v} nests, repeated
 * keys become lists). Any failure is a Databricks-style 400 and nothing has been changed yet.
 */
public final class Requests {
  private final ObjectMapper mapper;
  private final ObjectMapper queryMapper;

  public Requests(ObjectMapper mapper) {
    this.mapper = mapper;
    this.queryMapper = mapper.copy().enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
  }

  /** The JSON object in the body; an empty body counts as {@code {}}. */
  public <T> T body(Context ctx, Class<T> type) {
    JsonNode node = bodyTree(ctx);
    return convert(mapper, node, type);
  }

  /** A JSON object body already read from the request; empty counts as {@code {}}. */
  public <T> T body(byte[] bytes, Class<T> type) {
    return convert(mapper, bodyTree(bytes), type);
  }

  /** The body as a JSON object tree, for handlers that need to see which fields were sent. */
  public ObjectNode bodyTree(Context ctx) {
    return bodyTree(ctx.bodyAsBytes());
  }

  private ObjectNode bodyTree(byte[] bytes) {
    if (bytes.length == 0) {
      return JsonNodeFactory.instance.objectNode();
    }
    JsonNode node;
    try {
      node = mapper.readTree(bytes);
    } catch (IOException e) {
      throw new ApiException(
          ErrorCode.MALFORMED_REQUEST, "Invalid JSON given in the body of the request", e);
    }
    if (node == null || node.isMissingNode()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!(node instanceof ObjectNode object)) {
      throw new ApiException(
          ErrorCode.MALFORMED_REQUEST,
          "Invalid JSON given in the body of the request - expected a map");
    }
    return object;
  }

  /** The query parameters as a record. */
  public <T> T query(Context ctx, Class<T> type) {
    return convert(queryMapper, queryTree(ctx.queryParamMap()), type);
  }

  /** Builds {@code {"a":{"b":"v"}}} from {@code a.b=v}; repeated keys become arrays. */
  static ObjectNode queryTree(Map<String, List<String>> params) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    params.forEach(
        (key, values) -> {
          ObjectNode parent = root;
          String[] parts = key.split("\\.");
          for (int i = 0; i < parts.length - 1; i++) {
            JsonNode child = parent.get(parts[i]);
            parent = child instanceof ObjectNode o ? o : parent.putObject(parts[i]);
          }
          String leaf = parts[parts.length - 1];
          if (values.size() == 1) {
            parent.put(leaf, values.get(0));
          } else {
            ArrayNode array = parent.putArray(leaf);
            values.forEach(array::add);
          }
        });
    return root;
  }

  private static <T> T convert(ObjectMapper mapper, JsonNode node, Class<T> type) {
    try {
      return mapper.treeToValue(node, type);
    } catch (MismatchedInputException e) {
      throw ApiException.invalid(describe(e));
    } catch (JsonProcessingException e) {
      throw invalidFromCause(e);
    } catch (IllegalArgumentException e) {
      throw invalidFromCause(e);
    }
  }

  /** Validation in a record's compact constructor arrives wrapped; unwrap the ApiException. */
  private static RuntimeException invalidFromCause(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ApiException api) {
        return api;
      }
    }
    return ApiException.invalid("Invalid request: " + e.getMessage());
  }

  private static String describe(MismatchedInputException e) {
    String field =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining("."));
    String expected = e.getTargetType() == null ? "value" : e.getTargetType().getSimpleName();
    return field.isEmpty()
        ? "Invalid request body"
        : "Invalid value for field '" + field + "': expected " + article(expected);
  }

  private static String article(String typeName) {
    return switch (typeName) {
      case "long", "Long", "int", "Integer" -> "an integer";
      case "boolean", "Boolean" -> "a boolean";
      case "String" -> "a string";
      default -> "a valid " + typeName;
    };
  }
}
