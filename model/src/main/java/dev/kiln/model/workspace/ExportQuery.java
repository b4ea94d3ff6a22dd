package dev.kiln.model.workspace;

/** The query of {@code GET /api/2.0/workspace/export}. */
public record ExportQuery(String path, ExportFormat format, Boolean directDownload) {}
