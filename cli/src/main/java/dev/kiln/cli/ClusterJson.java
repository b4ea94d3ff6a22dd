package dev.kiln.cli;

import com.databricks.sdk.core.utils.SerDeUtils;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * A request body given as {@code --json-file f.json} or {@code --json '{...}'} (exactly one), as
 * the Databricks CLIs take it. Read with the SDK's own Jackson mapper, so every field the SDK
 * models passes through to the API as written.
 */
final class ClusterJson {
  private static final ObjectMapper SDK = SerDeUtils.createMapper();

  @Option(
      names = "--json-file",
      paramLabel = "FILE",
      description = "The request as a JSON file (the API's field names).")
  Path file;

  @Option(names = "--json", paramLabel = "JSON", description = "The request as inline JSON.")
  String inline;

  <T> T read(Class<T> type) {
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
      T value = SDK.readValue(text, type);
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
}
