package dev.kiln.model.dbfs;

/** {@code POST /api/2.0/dbfs/add-block}: {@code data} is base64, at most 1 MB decoded. */
public record AddBlockRequest(Long handle, String data) {}
