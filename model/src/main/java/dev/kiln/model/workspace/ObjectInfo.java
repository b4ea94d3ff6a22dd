package dev.kiln.model.workspace;

/**
 * A workspace object as {@code list} and {@code get-status} show it. {@code language} is set for
 * notebooks only; {@code size} is absent for directories. Times are epoch milliseconds.
 */
public record ObjectInfo(
    String path,
    ObjectType objectType,
    long objectId,
    Language language,
    long createdAt,
    long modifiedAt,
    Long size,
    String resourceId) {}
