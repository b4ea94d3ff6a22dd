package dev.kiln.model.workspace;

import java.util.List;

/** {@code GET /api/2.0/workspace/list}: the children of a directory, or the object itself. */
public record ListResponse(List<ObjectInfo> objects) {}
