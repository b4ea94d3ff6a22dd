package dev.kiln.server.workspace;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.kiln.model.workspace.ImportFormat;
import dev.kiln.model.workspace.ImportRequest;
import dev.kiln.model.workspace.Language;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Utf8;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Locale;

/**
 * The fields of an import, from either body the API accepts: JSON with base64 {@code content}, or
 * multipart/form-data (as the Python SDK's {@code upload} sends) with the raw bytes in the part
 * {@code content} and the other fields as text.
 */
final class ImportForm {
  private final String path;
  private final ImportFormat format;
  private final Language language;
  private final byte[] content;
  private final boolean overwrite;

  private ImportForm(
      String path, ImportFormat format, Language language, byte[] content, boolean overwrite) {
    this.path = path;
    this.format = format;
    this.language = language;
    this.content = content;
    this.overwrite = overwrite;
  }

  String path() {
    return path;
  }

  ImportFormat format() {
    return format;
  }

  Language language() {
    return language;
  }

  byte[] content() {
    return content.clone();
  }

  boolean overwrite() {
    return overwrite;
  }

  static ImportForm fromJson(ImportRequest request) {
    ApiException.required(request.path(), "path");
    // Empty content is an empty notebook or file, so only an absent field is missing.
    String base64 = request.content();
    if (base64 == null) {
      throw ApiException.invalid("Missing required field: content");
    }
    byte[] content;
    try {
      content = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid("The content is not valid base64: " + e.getMessage());
    }
    return new ImportForm(
        request.path(),
        request.format(),
        request.language(),
        content,
        Boolean.TRUE.equals(request.overwrite()));
  }

  static ImportForm fromMultipart(Context ctx) {
    try {
      String path = ApiException.required(textField(ctx, "path"), "path");
      return new ImportForm(
          path,
          parseEnum(ImportFormat.class, textField(ctx, "format"), "format"),
          parseEnum(Language.class, textField(ctx, "language"), "language"),
          content(ctx),
          parseBoolean(textField(ctx, "overwrite"), "overwrite"));
    } catch (ApiException e) {
      throw e;
    } catch (
        Exception e) { // Jetty's multipart parser fails with unchecked and sneaky checked ones.
      ApiException cause = ApiException.causeOf(e); // such as the body size limit's
      if (cause != null) {
        throw cause;
      }
      throw new ApiException(
          ErrorCode.MALFORMED_REQUEST, "Invalid multipart/form-data body: " + e.getMessage(), e);
    }
  }

  /**
   * A text field, decoded strictly (Jetty's form fields replace bytes that are not UTF-8); null if
   * absent.
   */
  private static String textField(Context ctx, String name) throws IOException, ServletException {
    String text = ctx.formParam(name);
    if (text == null || text.indexOf('\uFFFD') < 0) {
      return text;
    }
    Part part = ctx.req().getPart(name); // a replaced byte, or a U+FFFD sent as such
    try (InputStream in = part.getInputStream()) {
      return Utf8.decode(in.readAllBytes(), "form field '" + name + "'");
    }
  }

  /** The file part {@code content}, read no further than the size limit; or a text field. */
  private static byte[] content(Context ctx) throws IOException {
    UploadedFile file = ctx.uploadedFile("content");
    if (file == null) {
      String text = ctx.formParam("content");
      if (text == null) {
        throw ApiException.invalid("Missing required field: content");
      }
      return text.getBytes(UTF_8);
    }
    ImportDecoder.checkSize(file.size());
    try (InputStream in = file.content()) {
      byte[] bytes = in.readNBytes((int) ImportDecoder.MAX_SIZE + 1);
      ImportDecoder.checkSize(bytes.length);
      return bytes;
    }
  }

  static <E extends Enum<E>> E parseEnum(Class<E> type, String value, String field) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    try {
      return Enum.valueOf(type, value);
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(
          "Invalid value for field '"
              + field
              + "': "
              + value
              + " is not a valid "
              + type.getSimpleName());
    }
  }

  /** {@code true}/{@code false} in any case (Python clients send {@code True}); absent is false. */
  static boolean parseBoolean(String value, String field) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw ApiException.invalid(
              "Invalid value for field '" + field + "': expected a boolean, got " + value);
    };
  }
}
