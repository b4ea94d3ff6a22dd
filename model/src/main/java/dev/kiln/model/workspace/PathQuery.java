package dev.kiln.model.workspace;

/**
 * The query of {@code get-status} and {@code list}; {@code notebooks_modified_after} (epoch ms)
 * only applies to {@code list}.
 */
public record PathQuery(String path, Long notebooksModifiedAfter) {}
