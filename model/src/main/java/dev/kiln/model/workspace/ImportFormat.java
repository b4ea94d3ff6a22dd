package dev.kiln.model.workspace;

/** {@code format} of {@code workspace/import}; case-sensitive on the wire, as in Databricks. */
public enum ImportFormat {
  SOURCE,
  HTML,
  JUPYTER,
  DBC,
  R_MARKDOWN,
  AUTO,
  RAW
}
