package dev.kiln.model.dbfs;

import java.util.List;

/** The children of a directory, or the file itself. */
public record ListStatusResponse(List<FileInfo> files) {}
