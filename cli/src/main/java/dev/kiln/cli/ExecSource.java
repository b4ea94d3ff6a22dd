package dev.kiln.cli;

import com.databricks.sdk.service.compute.Language;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What {@code kiln exec} runs: {@code -e CODE}, a file, or {@code -} for stdin (exactly one), and
 * its language, from {@code --language} or else the file's extension.
 */
final class ExecSource {
  /** The languages a context speaks, as {@code --language} takes them. */
  enum Lang {
    sql(Language.SQL),
    python(Language.PYTHON),
    scala(Language.SCALA);

    final Language api;

    Lang(Language api) {
      this.api = api;
    }

    /** The language of a file name's extension, or null. */
    static Lang ofFile(String name) {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.endsWith(".sql")) {
        return sql;
      }
      if (lower.endsWith(".py")) {
        return python;
      }
      return lower.endsWith(".scala") ? scala : null;
    }
  }

  @Option(
      names = {"-l", "--language"},
      paramLabel = "LANG",
      description = "sql, python or scala (default: from FILE's extension .sql/.py/.scala).")
  Lang language;

  @Option(names = "-e", paramLabel = "CODE", description = "The code to run.")
  String code;

  @Parameters(
      paramLabel = "FILE",
      arity = "0..1",
      description = "A file to run, or - for stdin (instead of -e).")
  String file;

  /** The code and its language; a usage error (exit 2) when they cannot be told. */
  record Snippet(Lang language, String code) {}

  Snippet read(InputStream stdin) {
    if ((code == null) == (file == null)) {
      throw new CliFailure("give exactly one of -e CODE, FILE or - (stdin)", Kiln.USAGE);
    }
    Lang lang = language;
    if (lang == null && file != null && !file.equals("-")) {
      lang = Lang.ofFile(file);
    }
    if (lang == null) {
      throw new CliFailure(
          "cannot tell the language"
              + (file != null && !file.equals("-") ? " of " + file : "")
              + ": pass --language sql|python|scala",
          Kiln.USAGE);
    }
    String text;
    try {
      if (code != null) {
        text = code;
      } else if (file.equals("-")) {
        text = new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      } else {
        text = Files.readString(Path.of(file), StandardCharsets.UTF_8);
      }
    } catch (NoSuchFileException e) {
      throw new CliFailure("cannot read " + file + ": no such file");
    } catch (IOException e) {
      throw new CliFailure("cannot read " + file + ": " + e.getMessage());
    }
    if (text.isBlank()) {
      throw new CliFailure("nothing to run: the code is empty", Kiln.USAGE);
    }
    return new Snippet(lang, text);
  }
}
