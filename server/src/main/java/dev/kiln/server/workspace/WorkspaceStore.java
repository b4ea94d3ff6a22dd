package dev.kiln.server.workspace;

import dev.kiln.server.api.ApiException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Transactions over the workspace tables and the lookups every operation shares. Two clients racing
 * to create the same path meet at the unique index on paths; the loser's transaction is retried and
 * then sees what the winner wrote.
 */
final class WorkspaceStore {
  /**
   * A lost race means another client has just created a path this transaction also creates, so a
   * retry soon finds them all; the bound covers deep paths under contention and stops runaways.
   */
  private static final int ATTEMPTS = 10;

  private final Jdbi jdbi;

  WorkspaceStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  <T> T read(Function<WorkspaceDao, T> work) {
    return jdbi.withHandle(h -> work.apply(h.attach(WorkspaceDao.class)));
  }

  <T> T write(Function<WorkspaceDao, T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return jdbi.inTransaction((Handle h) -> work.apply(h.attach(WorkspaceDao.class)));
      } catch (UnableToExecuteStatementException e) {
        if (attempt >= ATTEMPTS || !isUniqueViolation(e)) {
          throw e;
        }
      }
    }
  }

  /** SQLSTATE 23505 is a unique violation on both H2 and PostgreSQL. */
  private static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  static WorkspaceObject existing(WorkspaceDao dao, String path) {
    return dao.byPath(path)
        .orElseThrow(() -> ApiException.notFound("Path (" + path + ") doesn't exist."));
  }

  /** The folder {@code path}, which must exist and be a folder. */
  static WorkspaceObject folder(WorkspaceDao dao, String path) {
    WorkspaceObject folder =
        dao.byPath(path)
            .orElseThrow(
                () -> ApiException.notFound("The parent folder (" + path + ") does not exist."));
    if (!folder.isDirectory()) {
      throw ApiException.invalid("The parent (" + path + ") is not a folder");
    }
    return folder;
  }

  static Notebook loadNotebook(WorkspaceDao dao, WorkspaceObject object) {
    return new Notebook(
        object.language(),
        dao.cells(object.objectId()).stream().map(CellRow::cell).toList(),
        object.finalNewline());
  }

  /** Stores a notebook's cells in order, replacing any it had. */
  static void replaceCells(WorkspaceDao dao, long id, Notebook notebook) {
    dao.deleteCells(id);
    List<CellRow> rows = new ArrayList<>();
    for (Cell cell : notebook.cells()) {
      rows.add(CellRow.of(rows.size(), cell, notebook.language()));
    }
    if (!rows.isEmpty()) {
      dao.insertCells(id, rows);
    }
  }
}
