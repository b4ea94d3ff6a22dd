package dev.kiln.server.workspace;

import dev.kiln.model.workspace.Language;
import dev.kiln.model.workspace.ObjectType;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlBatch;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Workspace objects and notebook cells in the metadata store. */
@RegisterConstructorMapper(WorkspaceObject.class)
@RegisterConstructorMapper(CellRow.class)
public interface WorkspaceDao {
  String COLUMNS =
      "object_id, path, parent_id, object_type, language, created_at, modified_at, size_bytes,"
          + " final_newline";

  @SqlQuery("SELECT " + COLUMNS + " FROM workspace_objects WHERE path = :path")
  Optional<WorkspaceObject> byPath(@Bind("path") String path);

  @SqlQuery("SELECT " + COLUMNS + " FROM workspace_objects WHERE parent_id = :id ORDER BY path")
  List<WorkspaceObject> children(@Bind("id") long parentId);

  @SqlQuery("SELECT COUNT(*) FROM workspace_objects WHERE parent_id = :id")
  long countChildren(@Bind("id") long parentId);

  @SqlUpdate(
      "INSERT INTO workspace_objects (path, parent_id, object_type, language, created_at,"
          + " modified_at, size_bytes, final_newline, content) VALUES (:path, :parentId, :type,"
          + " :language, :at, :at, :size, :finalNewline, :content)")
  @GetGeneratedKeys("object_id")
  long insert(
      @Bind("path") String path,
      @Bind("parentId") Long parentId,
      @Bind("type") ObjectType type,
      @Bind("language") Language language,
      @Bind("at") long at,
      @Bind("size") Long size,
      @Bind("finalNewline") boolean finalNewline,
      @Bind("content") byte[] content);

  /** Overwrites an object in place: it keeps its id and creation time. */
  @SqlUpdate(
      "UPDATE workspace_objects SET object_type = :type, language = :language, modified_at = :at,"
          + " size_bytes = :size, final_newline = :finalNewline, content = :content"
          + " WHERE object_id = :id")
  void replace(
      @Bind("id") long id,
      @Bind("type") ObjectType type,
      @Bind("language") Language language,
      @Bind("at") long at,
      @Bind("size") Long size,
      @Bind("finalNewline") boolean finalNewline,
      @Bind("content") byte[] content);

  /** Deletes an object; the store's cascade deletes what a folder holds and a notebook's cells. */
  @SqlUpdate("DELETE FROM workspace_objects WHERE object_id = :id")
  int delete(@Bind("id") long id);

  /** The bytes of a file; Optional because Jdbi reads a bare {@code byte[]} as rows of bytes. */
  @SqlQuery("SELECT content FROM workspace_objects WHERE object_id = :id")
  Optional<byte[]> content(@Bind("id") long id);

  @SqlBatch(
      "INSERT INTO notebook_cells (object_id, cell_index, magic, language, title, command)"
          + " VALUES (:objectId, :cellIndex, :magic, :language, :title, :command)")
  void insertCells(@Bind("objectId") long objectId, @BindMethods List<CellRow> cells);

  @SqlUpdate("DELETE FROM notebook_cells WHERE object_id = :id")
  void deleteCells(@Bind("id") long objectId);

  @SqlQuery(
      "SELECT cell_index, magic, language, title, command FROM notebook_cells"
          + " WHERE object_id = :id ORDER BY cell_index")
  List<CellRow> cells(@Bind("id") long objectId);
}
