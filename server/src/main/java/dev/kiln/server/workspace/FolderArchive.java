package dev.kiln.server.workspace;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.kiln.model.workspace.ExportFormat;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * A folder exported as a ZIP archive under the folder's own name: notebooks as SOURCE files with
 * their language's extension, sub-folders as entries of their own, and files only for AUTO (as in
 * Databricks, a SOURCE export of a folder leaves out everything that is not a notebook).
 */
final class FolderArchive {
  private final WorkspaceDao dao;
  private final boolean includeFiles;
  private final Set<String> names = new HashSet<>();
  private long size;

  FolderArchive(WorkspaceDao dao, boolean includeFiles) {
    this.dao = dao;
    this.includeFiles = includeFiles;
  }

  Exported export(WorkspaceObject folder, ExportFormat format) {
    if (format != ExportFormat.SOURCE && format != ExportFormat.AUTO) {
      throw ApiException.invalid(
          "Folder (" + folder.path() + ") can only be exported as SOURCE or AUTO");
    }
    String name = WorkspacePath.name(folder.path());
    String root = name.isEmpty() ? "" : name + "/";
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      if (!root.isEmpty()) {
        add(zip, root, folder.modifiedAt(), new byte[0]);
      }
      walk(zip, folder, root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return ExportEncoder.checked(
        bytes.toByteArray(), "zip", (name.isEmpty() ? "workspace" : name) + ".zip");
  }

  private void walk(ZipOutputStream zip, WorkspaceObject folder, String prefix) throws IOException {
    for (WorkspaceObject child : dao.children(folder.objectId())) {
      String name = prefix + WorkspacePath.name(child.path());
      switch (child.objectType()) {
        case DIRECTORY -> {
          add(zip, name + "/", child.modifiedAt(), new byte[0]);
          walk(zip, child, name + "/");
        }
        case NOTEBOOK -> {
          Notebook notebook = WorkspaceStore.loadNotebook(dao, child);
          byte[] source = SourceFormat.write(notebook).getBytes(UTF_8);
          add(
              zip,
              name + "." + Languages.extension(notebook.language()),
              child.modifiedAt(),
              source);
        }
        default -> {
          if (includeFiles) {
            add(zip, name, child.modifiedAt(), dao.content(child.objectId()).orElseThrow());
          }
        }
      }
    }
  }

  private void add(ZipOutputStream zip, String name, long modifiedAt, byte[] content)
      throws IOException {
    if (!names.add(name)) {
      throw new ApiException(
          ErrorCode.INVALID_STATE,
          "Two objects of the folder would both be exported as '" + name + "'");
    }
    size += content.length;
    ImportDecoder.checkSize(size);
    ZipEntry entry = new ZipEntry(name);
    entry.setTime(modifiedAt);
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }
}
