package dev.kiln.model.dbfs;

/** {@code GET /api/2.0/dbfs/read}: {@code length} defaults to 0.5 MB and may be at most 1 MB. */
public record ReadRequest(String path, Long offset, Long length) {}
