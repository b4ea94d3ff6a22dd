package dev.kiln.server.workspace;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.kiln.model.workspace.ImportFormat;
import dev.kiln.model.workspace.Language;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.util.Arrays;
import java.util.Optional;

/**
 * Decides what imported bytes become. Without a format, content with a language is SOURCE and
 * content without one is AUTO: AUTO makes a notebook of {@code .ipynb} files and of {@code
 * .py/.scala/.sql/.r} files that start with the notebook header (dropping the extension), and a
 * file of anything else. Formats Kiln cannot read are refused rather than stored wrongly.
 */
final class ImportDecoder {
  /** Databricks' limit on imported content and on notebooks. */
  static final long MAX_SIZE = 10L * 1024 * 1024;

  private ImportDecoder() {}

  static Content decode(String path, ImportFormat format, Language language, byte[] content) {
    checkSize(content.length);
    ImportFormat effective =
        format != null ? format : language != null ? ImportFormat.SOURCE : ImportFormat.AUTO;
    return switch (effective) {
      case RAW -> Content.file(path, content);
      case SOURCE -> {
        if (language == null) {
          throw ApiException.invalid(
              "The language field is required to import a notebook in SOURCE format");
        }
        yield notebook(path, SourceFormat.parse(text(content), language));
      }
      case JUPYTER -> notebook(path, JupyterFormat.read(content, language));
      case AUTO -> auto(path, language, content);
      case HTML, DBC, R_MARKDOWN ->
          throw ApiException.invalid(
              "Import format "
                  + effective
                  + " is not supported by Kiln: use SOURCE, JUPYTER, AUTO or RAW");
    };
  }

  private static Content auto(String path, Language language, byte[] content) {
    String extension = WorkspacePath.extension(path);
    String stripped = WorkspacePath.withoutExtension(path);
    if (extension.equals("ipynb")) {
      return notebook(stripped, JupyterFormat.read(content, language));
    }
    if (extension.equals("zip")) {
      throw ApiException.invalid(
          "Importing a ZIP archive as a folder is not supported by Kiln: use format RAW to import"
              + " it as a file");
    }
    Optional<Language> byExtension = Languages.byExtension(extension);
    if (byExtension.isPresent() && SourceFormat.hasHeader(start(content), byExtension.get())) {
      return notebook(stripped, SourceFormat.parse(text(content), byExtension.get()));
    }
    return Content.file(path, content);
  }

  private static Content notebook(String path, Notebook notebook) {
    long size = SourceFormat.write(notebook).getBytes(UTF_8).length;
    checkSize(size);
    return Content.notebook(path, notebook, size);
  }

  static void checkSize(long size) {
    if (size > MAX_SIZE) {
      throw new ApiException(
          ErrorCode.MAX_NOTEBOOK_SIZE_EXCEEDED,
          "The content is " + size + " bytes; the limit is " + MAX_SIZE + " bytes (10 MB)");
    }
  }

  /** Enough of the content to hold any header line, decoded leniently. */
  private static String start(byte[] content) {
    return new String(Arrays.copyOf(content, Math.min(content.length, 64)), UTF_8);
  }

  /** Notebook text must be UTF-8; a byte-order mark is dropped. */
  static String text(byte[] content) {
    try {
      String text =
          UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw ApiException.invalid("A notebook must be UTF-8 text");
    }
  }
}
