package dev.kiln.server.api;

import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Turns a request into a typed record: the JSON body of a POST (also when sent as {@code
 * text/json}, as the legacy CLI does), or the query string of a GET ({@code a.b=v} nests, repeated
 * keys become lists). Any failure is a Databricks-style 400 and nothing has been changed yet.
 *
 * <p>What no handler should have to check is refused here: bodies that are not strict UTF-8,
 * strings with unpaired surrogates (JSON escapes of half a pair: they name nothing and cannot be
 * written back as UTF-8), null elements of lists and null values of maps, and numbers out of their
 * field's range.
 */
public final class Requests {
  private final ObjectMapper mapper;
  private final ObjectMapper queryMapper;

  public Requests(ObjectMapper mapper) {
    this.mapper = forRequests(mapper);
    this.queryMapper =
        this.mapper.copy().enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY);
  }

  /**
   * A copy of {@code mapper} that binds requests: a null element of a list (or value of a map) is
   * an error, not a null for every handler to trip on. A copy, because the store and the nodes read
   * their own JSON with the shared mapper.
   */
  public static ObjectMapper forRequests(ObjectMapper mapper) {
    ObjectMapper copy = mapper.copy();
    copy.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
    return copy;
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
    checkUtf8(bytes);
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
    checkStrings(object, "");
    return object;
  }

  /**
   * JSON is UTF-8 (RFC 8259), strictly: Jackson would decode overlong forms. A NUL byte is never
   * part of a JSON text, and would make Jackson take the body for UTF-16 or UTF-32.
   */
  private static void checkUtf8(byte[] bytes) {
    int bad = Utf8.firstMalformed(bytes, bytes.length);
    if (bad < 0) {
      for (int i = 0; i < Math.min(4, bytes.length); i++) {
        if (bytes[i] == 0) {
          bad = i;
          break;
        }
      }
    }
    if (bad >= 0) {
      throw ApiException.invalid(
          "The body of the request is not valid UTF-8 (at byte " + bad + ")");
    }
  }

  /** Every field name and string value is well-formed UTF-16: no unpaired surrogate. */
  private static void checkStrings(JsonNode node, String at) {
    if (node.isTextual()) {
      checkString(node.textValue(), at);
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        checkStrings(node.get(i), at + "[" + i + "]");
      }
    } else if (node.isObject()) {
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        String name = at.isEmpty() ? field.getKey() : at + "." + field.getKey();
        checkString(field.getKey(), at.isEmpty() ? "(field name)" : at + " (field name)");
        checkStrings(field.getValue(), name);
      }
    }
  }

  private static void checkString(String s, String at) {
    if (Utf8.firstUnpairedSurrogate(s) >= 0) {
      throw ApiException.invalid(
          "Invalid value for field '" + at + "': the string has an unpaired UTF-16 surrogate");
    }
  }

  /** The query parameters as a record (the query string was checked to be UTF-8 by ApiServer). */
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
    } catch (JsonMappingException e) {
      if (e.getCause() instanceof InputCoercionException range) {
        throw ApiException.invalid(describeRange(e, range));
      }
      throw invalidFromCause(e);
    } catch (JsonProcessingException e) {
      throw invalidFromCause(e);
    } catch (IllegalArgumentException e) {
      throw invalidFromCause(e);
    }
  }

  /** Validation in a record's compact constructor arrives wrapped; unwrap the ApiException. */
  private static RuntimeException invalidFromCause(Exception e) {
    ApiException api = ApiException.causeOf(e);
    if (api != null) {
      return api;
    }
    return ApiException.invalid("Invalid request: " + e.getMessage());
  }

  private static String describe(MismatchedInputException e) {
    String field = field(e);
    if (e instanceof InvalidNullException) {
      return "Invalid value for field '" + field + "': null is not allowed here";
    }
    String expected = e.getTargetType() == null ? "value" : e.getTargetType().getSimpleName();
    // A string that does not parse (in a query, "999999999999" for an int): quote it as sent.
    String got =
        e instanceof InvalidFormatException f && f.getValue() instanceof String text
            ? ", got '" + text + "'"
            : "";
    return field.isEmpty()
        ? "Invalid request body"
        : "Invalid value for field '" + field + "': expected " + article(expected) + got;
  }

  /** A number that does not fit its field: the value as sent, and the field's type. */
  private static String describeRange(JsonMappingException e, InputCoercionException range) {
    String value;
    try {
      value = range.getProcessor() == null ? null : range.getProcessor().getText();
    } catch (IOException | RuntimeException unreadable) {
      value = null;
    }
    String type = range.getTargetType() == null ? "number" : range.getTargetType().getSimpleName();
    return "Invalid value for field '"
        + field(e)
        + "': "
        + (value == null ? "the number" : value)
        + " is out of range for "
        + article(type);
  }

  /** {@code a.b[2].c}: where in the body a binding failed. */
  private static String field(JsonMappingException e) {
    StringBuilder out = new StringBuilder();
    for (JsonMappingException.Reference r : e.getPath()) {
      if (r.getFieldName() != null) {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(r.getFieldName());
      } else {
        out.append('[').append(r.getIndex()).append(']');
      }
    }
    return out.toString();
  }

  private static String article(String typeName) {
    return switch (typeName) {
      case "int", "Integer" -> "a 32-bit integer";
      case "long", "Long" -> "a 64-bit integer";
      case "boolean", "Boolean" -> "a boolean";
      case "String" -> "a string";
      default -> "a valid " + typeName;
    };
  }
}
