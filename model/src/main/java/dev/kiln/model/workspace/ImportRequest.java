package dev.kiln.model.workspace;

/**
 * {@code POST /api/2.0/workspace/import} as JSON; {@code content} is base64. The multipart form
 * carries the same fields, with the raw bytes in the part {@code content}.
 */
public record ImportRequest(
    String path, ImportFormat format, Language language, String content, Boolean overwrite) {}
