package dev.kiln.server.workspace;

import dev.kiln.model.workspace.Language;
import java.util.Locale;
import java.util.Optional;

/** How each notebook language is spelled in sources, magics, file names and Jupyter metadata. */
final class Languages {
  private Languages() {}

  /** The line-comment marker that SOURCE files of this language use for headers and magics. */
  static String comment(Language language) {
    return switch (language) {
      case PYTHON, R -> "#";
      case SCALA -> "//";
      case SQL -> "--";
    };
  }

  /** The file extension of a SOURCE export, without the dot. */
  static String extension(Language language) {
    return switch (language) {
      case PYTHON -> "py";
      case SCALA -> "scala";
      case SQL -> "sql";
      case R -> "r";
    };
  }

  /** The magic that switches a cell to this language, without the {@code %}. */
  static String magic(Language language) {
    return language.name().toLowerCase(Locale.ROOT);
  }

  /** The language of a SOURCE file extension (lower-case, no dot). */
  static Optional<Language> byExtension(String extension) {
    return switch (extension) {
      case "py" -> Optional.of(Language.PYTHON);
      case "scala" -> Optional.of(Language.SCALA);
      case "sql" -> Optional.of(Language.SQL);
      case "r" -> Optional.of(Language.R);
      default -> Optional.empty();
    };
  }

  /** The language a magic word selects ({@code python}, {@code r}, ...), if it selects one. */
  static Optional<Language> byMagic(String magic) {
    return magic == null ? Optional.empty() : byName(magic);
  }

  /** A language name as Jupyter and Databricks metadata spell it, in any case. */
  static Optional<Language> byName(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "python" -> Optional.of(Language.PYTHON);
      case "scala" -> Optional.of(Language.SCALA);
      case "sql" -> Optional.of(Language.SQL);
      case "r" -> Optional.of(Language.R);
      default -> Optional.empty();
    };
  }
}
