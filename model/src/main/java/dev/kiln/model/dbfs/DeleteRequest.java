package dev.kiln.model.dbfs;

/** {@code POST /api/2.0/dbfs/delete}: a non-empty directory needs {@code recursive}. */
public record DeleteRequest(String path, Boolean recursive) {}
