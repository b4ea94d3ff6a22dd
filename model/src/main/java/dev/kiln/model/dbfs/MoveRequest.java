package dev.kiln.model.dbfs;

/** {@code POST /api/2.0/dbfs/move}. */
public record MoveRequest(String sourcePath, String destinationPath) {}
