package dev.kiln.server.workspace;

import dev.kiln.model.workspace.Language;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One notebook cell as the notebook UI holds it: the command text, starting with its magic line
 * ({@code %md}, {@code %sql}, {@code %run ./x}, ...) if it has one, and an optional title. Keeping
 * the whole command makes every format a view of the same cells.
 *
 * @param command the cell's text; never null
 * @param title a one-line title, or null; blank titles are null and line breaks become spaces
 */
public record Cell(String command, String title) {
  private static final Pattern MAGIC = Pattern.compile("^%([A-Za-z][A-Za-z0-9_-]*)");

  public Cell {
    Objects.requireNonNull(command, "command");
    if (title != null) {
      title = title.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
      if (title.isBlank()) {
        title = null;
      }
    }
  }

  public static Cell of(String command) {
    return new Cell(command, null);
  }

  /** The magic word, such as {@code md} for {@code %md ...}; null for a plain code cell. */
  public String magic() {
    Matcher m = MAGIC.matcher(command);
    return m.find() ? m.group(1) : null;
  }

  /** The text after the magic word: what a runner executes or renders. */
  public String body() {
    String magic = magic();
    if (magic == null) {
      return command;
    }
    String rest = command.substring(magic.length() + 1);
    return rest.startsWith("\n") || rest.startsWith(" ") ? rest.substring(1) : rest;
  }

  /**
   * The language the cell runs in: the notebook's, unless a language magic switches it; null for
   * other magics ({@code %md}, {@code %sh}, {@code %run}, ...).
   */
  public Language language(Language notebookLanguage) {
    String magic = magic();
    if (magic == null) {
      return command.startsWith("%") ? null : notebookLanguage;
    }
    return Languages.byMagic(magic).orElse(null);
  }
}
