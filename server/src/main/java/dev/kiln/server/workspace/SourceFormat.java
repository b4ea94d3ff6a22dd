package dev.kiln.server.workspace;

import dev.kiln.model.workspace.Language;
import java.util.ArrayList;
import java.util.List;

/**
 * Databricks' SOURCE notebook format: a header line, then cells separated by a blank line, a {@code
 * COMMAND ----------} line and another blank line, all as comments of the notebook's language. A
 * cell whose command starts with {@code %} has every line prefixed by {@code <c> MAGIC}; an
 * optional {@code <c> DBTITLE 1,<title>} line comes first.
 *
 * <p>{@code parse} and {@code write} are inverse on files written by these conventions, byte for
 * byte. A plain cell that the format cannot hold as-is (one containing a separator or that would
 * read back as a magic or title) is written as a language-magic cell, so no cell is ever lost.
 */
public final class SourceFormat {
  private SourceFormat() {}

  /** The first line of a SOURCE notebook of this language, without its newline. */
  public static String header(Language language) {
    return Languages.comment(language) + " Databricks notebook source";
  }

  static String separator(Language language) {
    return "\n\n" + Languages.comment(language) + " COMMAND ----------\n\n";
  }

  /** True when {@code text} starts with the header line of {@code language}. */
  public static boolean hasHeader(String text, Language language) {
    String header = header(language);
    return text.equals(header)
        || text.startsWith(header + "\n")
        || text.startsWith(header + "\r\n");
  }

  /** The cells of a SOURCE file; text without the header is a notebook all the same. */
  public static Notebook parse(String text, Language language) {
    String header = header(language);
    if (text.startsWith(header + "\r\n")) {
      text = text.replace("\r\n", "\n");
    }
    if (text.equals(header)) {
      return new Notebook(language, List.of());
    }
    String body = text.startsWith(header + "\n") ? text.substring(header.length() + 1) : text;
    String c = Languages.comment(language);
    List<String> chunks = split(body, separator(language));
    List<Cell> cells = new ArrayList<>();
    for (String chunk : chunks.subList(0, chunks.size() - 1)) {
      cells.add(parseChunk(chunk, c));
    }
    // Editors often end a file with a newline; after a magic cell it is not part of the cell.
    String last = chunks.get(chunks.size() - 1);
    String trimmed = last.endsWith("\n") ? last.substring(0, last.length() - 1) : null;
    boolean finalNewline = trimmed != null && isMagic(trimmed, c);
    cells.add(parseChunk(finalNewline ? trimmed : last, c));
    return new Notebook(language, cells, finalNewline);
  }

  /** The SOURCE text of a notebook. */
  public static String write(Notebook notebook) {
    Language language = notebook.language();
    String sep = separator(language);
    StringBuilder out = new StringBuilder(header(language));
    List<Cell> cells = notebook.cells();
    for (int i = 0; i < cells.size(); i++) {
      out.append(i == 0 ? "\n" : sep).append(chunk(cells.get(i), language, i == cells.size() - 1));
    }
    return out.append(notebook.finalNewline() ? "\n" : "").toString();
  }

  private static String chunk(Cell cell, Language language, boolean last) {
    String c = Languages.comment(language);
    String plain = encode(cell, c);
    if (readsBack(plain, cell, separator(language), c, last)) {
      return plain;
    }
    String escaped = "%" + Languages.magic(language) + "\n" + cell.command();
    return encode(new Cell(escaped, cell.title()), c);
  }

  private static String encode(Cell cell, String c) {
    StringBuilder out = new StringBuilder();
    if (cell.title() != null) {
      out.append(c).append(" DBTITLE 1,").append(cell.title()).append('\n');
    }
    if (!cell.command().startsWith("%")) {
      return out.append(cell.command()).toString();
    }
    String[] lines = cell.command().split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      out.append(i == 0 ? "" : "\n").append(c).append(" MAGIC");
      if (!lines[i].isEmpty()) {
        out.append(' ').append(lines[i]);
      }
    }
    return out.toString();
  }

  /** Whether {@code chunk}, between separators, reads back as exactly {@code cell}. */
  private static boolean readsBack(String chunk, Cell cell, String sep, String c, boolean last) {
    // A chunk ending in a prefix of the separator would join with the next one into a separator;
    // a last chunk ending in a newline after magic lines would read as a final newline.
    return !chunk.contains(sep)
        && !chunk.endsWith(sep.substring(0, sep.length() - 1))
        && !chunk.endsWith(sep.substring(0, sep.length() - 2))
        && !(last && chunk.endsWith("\n") && isMagic(chunk.substring(0, chunk.length() - 1), c))
        && parseChunk(chunk, c).equals(cell);
  }

  private static Cell parseChunk(String chunk, String c) {
    String title = title(chunk, c);
    String rest = title == null ? chunk : chunk.substring(chunk.indexOf('\n') + 1);
    String magic = decodeMagic(rest, c + " MAGIC");
    return new Cell(magic != null ? magic : rest, title);
  }

  private static boolean isMagic(String chunk, String c) {
    String rest = title(chunk, c) == null ? chunk : chunk.substring(chunk.indexOf('\n') + 1);
    return decodeMagic(rest, c + " MAGIC") != null;
  }

  /** The title of a chunk that starts with a title line followed by the cell; else null. */
  private static String title(String chunk, String c) {
    String prefix = c + " DBTITLE 1,";
    int newline = chunk.indexOf('\n');
    if (!chunk.startsWith(prefix) || newline < 0) {
      return null;
    }
    String title = chunk.substring(prefix.length(), newline);
    return title.isBlank() ? null : title;
  }

  /** The command of an all-MAGIC chunk whose first line is a {@code %} magic; else null. */
  private static String decodeMagic(String text, String prefix) {
    StringBuilder out = new StringBuilder();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.equals(prefix)) {
        line = "";
      } else if (line.startsWith(prefix + " ")) {
        line = line.substring(prefix.length() + 1);
      } else {
        return null;
      }
      out.append(i == 0 ? "" : "\n").append(line);
    }
    return out.toString().startsWith("%") ? out.toString() : null;
  }

  /** Splits on every occurrence of {@code sep}, left to right; n separators give n+1 parts. */
  static List<String> split(String text, String sep) {
    List<String> parts = new ArrayList<>();
    int from = 0;
    for (int at = text.indexOf(sep); at >= 0; at = text.indexOf(sep, from)) {
      parts.add(text.substring(from, at));
      from = at + sep.length();
    }
    parts.add(text.substring(from));
    return parts;
  }
}
