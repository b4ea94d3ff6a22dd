package dev.kiln.model.dbfs;

/** A call on one path: {@code get-status}, {@code list} (query) and {@code mkdirs} (body). */
public record PathRequest(String path) {}
