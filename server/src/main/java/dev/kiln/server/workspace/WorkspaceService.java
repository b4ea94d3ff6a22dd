package dev.kiln.server.workspace;

import dev.kiln.model.workspace.ExportFormat;
import dev.kiln.model.workspace.ImportFormat;
import dev.kiln.model.workspace.Language;
import dev.kiln.model.workspace.ObjectInfo;
import dev.kiln.model.workspace.ObjectType;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The workspace tree: folders, notebooks (stored as cells) and files. Every change runs in one
 * transaction of {@link WorkspaceStore}.
 */
public final class WorkspaceService {
  public static final String USERS = "/Users";
  public static final String SHARED = "/Shared";
  private static final Set<String> PROTECTED = Set.of(WorkspacePath.ROOT, USERS, SHARED);

  private final WorkspaceStore store;
  private final Clock clock;

  public WorkspaceService(Jdbi jdbi, Clock clock) {
    this.store = new WorkspaceStore(jdbi);
    this.clock = clock;
  }

  /** Creates the root, {@code /Users} and {@code /Shared} if they are missing. */
  public void ensureBaseFolders() {
    mkdirs(USERS);
    mkdirs(SHARED);
  }

  /**
   * Creates {@code /Users/<userName>} if it is missing. User names never contain a slash, but
   * {@code .} and {@code ..} are valid user names and no folder names: such users get no home
   * rather than failing their creation or the server's start.
   */
  public void ensureHome(String userName) {
    mkdirs(home(userName));
  }

  public static String home(String userName) {
    return WorkspacePath.child(USERS, userName);
  }

  public ObjectInfo getStatus(String rawPath) {
    String path = WorkspacePath.normalize(rawPath);
    return store.read(dao -> WorkspaceStore.existing(dao, path).info());
  }

  /** The children of a folder, by name; a notebook or file lists as itself. */
  public List<ObjectInfo> list(String rawPath, Long notebooksModifiedAfter) {
    String path = WorkspacePath.normalize(rawPath);
    List<WorkspaceObject> objects =
        store.read(
            dao -> {
              WorkspaceObject object = WorkspaceStore.existing(dao, path);
              return object.isDirectory() ? dao.children(object.objectId()) : List.of(object);
            });
    return objects.stream()
        .filter(
            o ->
                notebooksModifiedAfter == null
                    || o.objectType() != ObjectType.NOTEBOOK
                    || o.modifiedAt() > notebooksModifiedAfter)
        .map(WorkspaceObject::info)
        .toList();
  }

  /** {@code mkdir -p}: creates the folder and any missing parents; existing folders are fine. */
  public void mkdirs(String rawPath) {
    String path = WorkspacePath.normalize(rawPath);
    store.write(
        dao -> {
          List<String> chain = new ArrayList<>();
          for (String p = path; p != null; p = WorkspacePath.parent(p)) {
            chain.add(0, p);
          }
          Long parentId = null;
          for (String p : chain) {
            WorkspaceObject existing = dao.byPath(p).orElse(null);
            if (existing == null) {
              parentId =
                  dao.insert(p, parentId, ObjectType.DIRECTORY, null, now(), null, false, null);
            } else if (existing.isDirectory()) {
              parentId = existing.objectId();
            } else {
              throw ApiException.alreadyExists(p + " already exists and it is not a folder");
            }
          }
          return null;
        });
  }

  /** Deletes an object; a folder that holds anything only with {@code recursive}. */
  public void delete(String rawPath, boolean recursive) {
    String path = WorkspacePath.normalize(rawPath);
    if (PROTECTED.contains(path)) {
      throw ApiException.invalid("Folder (" + path + ") cannot be deleted");
    }
    store.write(
        dao -> {
          WorkspaceObject object = WorkspaceStore.existing(dao, path);
          if (object.isDirectory() && !recursive && dao.countChildren(object.objectId()) > 0) {
            throw new ApiException(
                ErrorCode.DIRECTORY_NOT_EMPTY,
                "Folder (" + path + ") is not empty; delete it with recursive=true");
          }
          dao.delete(object.objectId());
          return null;
        });
  }

  /**
   * Imports content as a notebook or file; the parent folder must exist.
   *
   * @return the path it was stored at (AUTO drops a notebook's extension)
   */
  public String importObject(
      String rawPath, ImportFormat format, Language language, byte[] bytes, boolean overwrite) {
    String requested = WorkspacePath.normalize(rawPath);
    if (requested.equals(WorkspacePath.ROOT)) {
      throw ApiException.alreadyExists("Path (/) already exists and it is a folder");
    }
    Content content = ImportDecoder.decode(requested, format, language, bytes);
    String path = content.path();
    store.write(
        dao -> {
          WorkspaceObject parent = WorkspaceStore.folder(dao, WorkspacePath.parent(path));
          WorkspaceObject existing = dao.byPath(path).orElse(null);
          long at = now();
          Notebook notebook = content.notebook();
          Language stored = notebook == null ? null : notebook.language();
          boolean newline = notebook != null && notebook.finalNewline();
          long id;
          if (existing == null) {
            id =
                dao.insert(
                    path,
                    parent.objectId(),
                    content.type(),
                    stored,
                    at,
                    content.size(),
                    newline,
                    content.file());
          } else if (existing.isDirectory()) {
            throw ApiException.alreadyExists("Path (" + path + ") already exists and is a folder");
          } else if (!overwrite) {
            throw ApiException.alreadyExists("Path (" + path + ") already exists.");
          } else {
            id = existing.objectId();
            dao.replace(id, content.type(), stored, at, content.size(), newline, content.file());
          }
          if (notebook != null) {
            WorkspaceStore.replaceCells(dao, id, notebook);
          } else {
            dao.deleteCells(id);
          }
          return null;
        });
    return path;
  }

  /** A notebook's cells, for runners and the UI. */
  public Notebook notebook(String rawPath) {
    String path = WorkspacePath.normalize(rawPath);
    return store.read(
        dao -> {
          WorkspaceObject object = WorkspaceStore.existing(dao, path);
          if (object.objectType() != ObjectType.NOTEBOOK) {
            throw ApiException.invalid("Path (" + path + ") is not a notebook");
          }
          return WorkspaceStore.loadNotebook(dao, object);
        });
  }

  /** Exports an object; a folder becomes a ZIP archive of its notebooks (and files, for AUTO). */
  public Exported export(String rawPath, ExportFormat format) {
    String path = WorkspacePath.normalize(rawPath);
    ExportFormat effective = ExportEncoder.effective(format);
    return store.read(
        dao -> {
          WorkspaceObject object = WorkspaceStore.existing(dao, path);
          return switch (object.objectType()) {
            case NOTEBOOK ->
                ExportEncoder.notebook(WorkspaceStore.loadNotebook(dao, object), path, effective);
            case DIRECTORY ->
                new FolderArchive(dao, effective == ExportFormat.AUTO).export(object, effective);
            default ->
                ExportEncoder.file(dao.content(object.objectId()).orElseThrow(), path, effective);
          };
        });
  }

  /** The raw bytes of a workspace file (or a notebook's source), e.g. an init script. */
  public byte[] fileContent(String rawPath) {
    return export(rawPath, ExportFormat.SOURCE).content();
  }

  private long now() {
    return clock.millis();
  }
}
