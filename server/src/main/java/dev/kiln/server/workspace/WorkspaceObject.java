package dev.kiln.server.workspace;

import dev.kiln.model.workspace.Language;
import dev.kiln.model.workspace.ObjectInfo;
import dev.kiln.model.workspace.ObjectType;

/** A row of {@code workspace_objects}, without the content of a file. */
public record WorkspaceObject(
    long objectId,
    String path,
    Long parentId,
    ObjectType objectType,
    Language language,
    long createdAt,
    long modifiedAt,
    Long sizeBytes,
    boolean finalNewline) {

  public boolean isDirectory() {
    return objectType == ObjectType.DIRECTORY;
  }

  /** The wire form; the resource id is the object id as text. */
  public ObjectInfo info() {
    return new ObjectInfo(
        path,
        objectType,
        objectId,
        objectType == ObjectType.NOTEBOOK ? language : null,
        createdAt,
        modifiedAt,
        isDirectory() ? null : sizeBytes,
        Long.toString(objectId));
  }
}
