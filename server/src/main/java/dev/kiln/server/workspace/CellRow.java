package dev.kiln.server.workspace;

import dev.kiln.model.workspace.Language;

/**
 * A row of {@code notebook_cells}. {@code magic} and {@code language} are derived from the command
 * and stored so that runners and the UI can query cells without parsing them.
 */
public record CellRow(
    int cellIndex, String magic, Language language, String title, String command) {

  static CellRow of(int index, Cell cell, Language notebookLanguage) {
    return new CellRow(
        index, cell.magic(), cell.language(notebookLanguage), cell.title(), cell.command());
  }

  Cell cell() {
    return new Cell(command, title);
  }
}
