package dev.kiln.server.workspace;

import dev.kiln.model.workspace.ObjectType;
import java.util.Objects;

/**
 * What an import stores: a notebook or a file's bytes, at the path it ends up at (AUTO drops the
 * extension of what becomes a notebook). {@code size} is that of the SOURCE text for a notebook.
 */
final class Content {
  private final String path;
  private final Notebook notebook;
  private final byte[] file;
  private final long size;

  private Content(String path, Notebook notebook, byte[] file, long size) {
    this.path = Objects.requireNonNull(path, "path");
    this.notebook = notebook;
    this.file = file;
    this.size = size;
  }

  static Content notebook(String path, Notebook notebook, long size) {
    return new Content(path, Objects.requireNonNull(notebook, "notebook"), null, size);
  }

  static Content file(String path, byte[] bytes) {
    return new Content(path, null, bytes.clone(), bytes.length);
  }

  String path() {
    return path;
  }

  /** The notebook, or null for a file. */
  Notebook notebook() {
    return notebook;
  }

  /** The file's bytes, or null for a notebook. */
  byte[] file() {
    return file == null ? null : file.clone();
  }

  long size() {
    return size;
  }

  ObjectType type() {
    return notebook != null ? ObjectType.NOTEBOOK : ObjectType.FILE;
  }
}
