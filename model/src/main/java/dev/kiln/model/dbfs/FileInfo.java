package dev.kiln.model.dbfs;

/** A file or directory; {@code path} never has the {@code dbfs:} scheme. */
public record FileInfo(String path, boolean isDir, long fileSize, long modificationTime) {}
