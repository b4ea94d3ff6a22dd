package dev.kiln.server.workspace;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.kiln.model.workspace.ExportFormat;
import dev.kiln.server.api.ApiException;

/** Renders one notebook or file in an export format, refusing formats that do not apply. */
final class ExportEncoder {
  private ExportEncoder() {}

  static ExportFormat effective(ExportFormat format) {
    ExportFormat f = format == null ? ExportFormat.SOURCE : format;
    if (f == ExportFormat.HTML || f == ExportFormat.DBC || f == ExportFormat.R_MARKDOWN) {
      throw ApiException.invalid(
          "Export format " + f + " is not supported by Kiln: use SOURCE, JUPYTER, AUTO or RAW");
    }
    return f;
  }

  static Exported notebook(Notebook notebook, String path, ExportFormat format) {
    String name = WorkspacePath.name(path);
    return switch (effective(format)) {
      case SOURCE, AUTO -> {
        String extension = Languages.extension(notebook.language());
        yield checked(
            SourceFormat.write(notebook).getBytes(UTF_8), extension, name + "." + extension);
      }
      case JUPYTER -> checked(JupyterFormat.write(notebook, name), "ipynb", name + ".ipynb");
      default ->
          throw ApiException.invalid(
              "Notebook (" + path + ") can only be exported as SOURCE, JUPYTER or AUTO");
    };
  }

  static Exported file(byte[] content, String path, ExportFormat format) {
    return switch (effective(format)) {
      case SOURCE, AUTO, RAW -> {
        String extension = WorkspacePath.extension(path);
        yield checked(content, extension.isEmpty() ? null : extension, WorkspacePath.name(path));
      }
      default ->
          throw ApiException.invalid(
              "File (" + path + ") is not a notebook: export it as SOURCE, AUTO or RAW");
    };
  }

  static Exported checked(byte[] content, String fileType, String fileName) {
    ImportDecoder.checkSize(content.length);
    return new Exported(content, fileType, fileName);
  }
}
