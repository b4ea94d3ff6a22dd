package dev.kiln.model.dbfs;

/** Bytes read from a file; {@code data} is base64 and empty (never absent) at the end. */
public record ReadResponse(long bytesRead, String data) {}
