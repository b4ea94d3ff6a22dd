package dev.kiln.model.workspace;

/** {@code POST /api/2.0/workspace/mkdirs}. */
public record MkdirsRequest(String path) {}
