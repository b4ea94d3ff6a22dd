package dev.kiln.model.dbfs;

/** {@code POST /api/2.0/dbfs/put} as JSON: {@code contents} is base64, at most 1 MB decoded. */
public record PutRequest(String path, String contents, Boolean overwrite) {}
