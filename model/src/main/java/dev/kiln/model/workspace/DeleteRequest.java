package dev.kiln.model.workspace;

/** {@code POST /api/2.0/workspace/delete}. */
public record DeleteRequest(String path, Boolean recursive) {}
