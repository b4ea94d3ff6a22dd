package dev.kiln.server.workspace;

import dev.kiln.model.workspace.Language;
import java.util.List;
import java.util.Objects;

/**
 * A notebook: its language and its cells in order.
 *
 * @param finalNewline whether its SOURCE text ends with a newline after a last cell that is a magic
 *     cell; the only layout detail cells cannot hold (a plain cell keeps its newlines itself), so
 *     it is false for any other last cell
 */
public record Notebook(Language language, List<Cell> cells, boolean finalNewline) {
  public Notebook {
    Objects.requireNonNull(language, "language");
    cells = List.copyOf(cells);
    finalNewline =
        finalNewline && !cells.isEmpty() && cells.get(cells.size() - 1).command().startsWith("%");
  }

  public Notebook(Language language, List<Cell> cells) {
    this(language, cells, false);
  }
}
