package dev.kiln.model.dbfs;

/** {@code POST /api/2.0/dbfs/close}: completes the upload of a handle. */
public record CloseRequest(Long handle) {}
