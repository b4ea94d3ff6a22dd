package dev.kiln.model.dbfs;

/** {@code POST /api/2.0/dbfs/create}: opens a stream of blocks to {@code path}. */
public record CreateRequest(String path, Boolean overwrite) {}
