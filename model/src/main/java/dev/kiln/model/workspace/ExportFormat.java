package dev.kiln.model.workspace;

/** {@code format} of {@code workspace/export}; SOURCE when absent. */
public enum ExportFormat {
  SOURCE,
  HTML,
  JUPYTER,
  DBC,
  R_MARKDOWN,
  AUTO,
  RAW
}
