package dev.kiln.model.workspace;

/** {@code workspace/export} without {@code direct_download}: base64 content and its file type. */
public record ExportResponse(String content, String fileType) {}
