package dev.kiln.cli;

import com.databricks.sdk.core.utils.SerDeUtils;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * A request body given as {@code --json-file f.json} or {@code --json '{...}'} (exactly one), as
 * the Databricks CLIs take it. Read with the SDK's own Jackson mapper, so every field the SDK
 * models passes through to the API as written.
 */
final class JsonBody {
  private static final ObjectMapper SDK = SerDeUtils.createMapper();

  @Option(
      names = "--json-file",
      paramLabel = "FILE",
      description = "The request as a JSON file (the API's field names).")
  Path file;

  @Option(names = "--json", paramLabel = "JSON", description = "The request as inline JSON.")
  String inline;

  /**
   * The body as {@code type}. Fields the SDK does not model cannot pass through; each is named in a
   * warning on {@code err} rather than dropped silently.
   */
  <T> T read(Class<T> type, PrintStream err) {
    String where = file != null ? file.toString() : "--json";
    String text;
    try {
      text = file != null ? Files.readString(file, StandardCharsets.UTF_8) : inline;
    } catch (NoSuchFileException e) {
      throw new CliFailure("cannot read " + where + ": no such file");
    } catch (IOException e) {
      throw new CliFailure("cannot read " + where + ": " + e.getMessage());
    }
    try {
      List<String> unknown = new ArrayList<>();
      T value = SDK.readerFor(type).withHandler(new Unknown(unknown)).readValue(text);
      for (String field : unknown) {
        err.println("Warning: " + where + ": unknown field " + field + " ignored");
      }
      if (value == null) {
        throw new CliFailure(where + " holds no JSON object");
      }
      return value;
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new CliFailure(
          "invalid JSON in "
              + where
              + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
              + ": "
              + e.getOriginalMessage());
    }
  }

  /** Notes each unknown field (by its path) and skips it, as the SDK's mapper would. */
  private static final class Unknown extends DeserializationProblemHandler {
    private final List<String> fields;

    Unknown(List<String> fields) {
      this.fields = fields;
    }

    @Override
    public boolean handleUnknownProperty(
        DeserializationContext ctxt,
        JsonParser p,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String propertyName)
        throws IOException {
      // The enclosing object's context points at the field itself: "/spark_conf_x" or "/a/b".
      JsonStreamContext object = p.getParsingContext();
      if (p.currentToken() != null && p.currentToken().isStructStart()) {
        object = object.getParent();
      }
      String pointer = object.pathAsPointer().toString();
      fields.add(pointer.isEmpty() ? propertyName : pointer.substring(1).replace('/', '.'));
      p.skipChildren();
      return true;
    }
  }
}
