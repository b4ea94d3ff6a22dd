package dev.kiln.cli;

import com.databricks.sdk.WorkspaceClient;
import com.databricks.sdk.service.workspace.ExportFormat;
import com.databricks.sdk.service.workspace.ExportRequest;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import com.databricks.sdk.service.workspace.Language;
import com.databricks.sdk.service.workspace.ObjectInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code workspace import-dir/export-dir}, as the legacy Databricks CLI maps them: source files
 * become notebooks without their extension, {@code .ipynb} files Jupyter notebooks, anything else a
 * workspace file; export gives notebooks their extension back.
 */
final class WorkspaceDirs {
  private static final Map<String, Language> LANGUAGES =
      Map.of("py", Language.PYTHON, "scala", Language.SCALA, "sql", Language.SQL, "r", Language.R);
  private static final Map<Language, String> EXTENSIONS =
      Map.of(
          Language.PYTHON, ".py", Language.SCALA, ".scala", Language.SQL, ".sql", Language.R, ".r");

  private final WorkspaceClient client;
  private final boolean overwrite;

  WorkspaceDirs(WorkspaceClient client, boolean overwrite) {
    this.client = client;
    this.overwrite = overwrite;
  }

  void importDir(Path dir, String target) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new CliFailure(dir + " is not a directory");
    }
    client.workspace().mkdirs(target);
    try (Stream<Path> children = Files.list(dir)) {
      for (Path child : children.sorted().toList()) {
        String name = child.getFileName().toString();
        if (Files.isDirectory(child)) {
          importDir(child, join(target, name));
        } else if (Files.isRegularFile(child)) {
          importFile(child, target, name);
        }
      }
    }
  }

  private void importFile(Path file, String folder, String name) throws IOException {
    int dot = name.lastIndexOf('.');
    String extension = dot > 0 ? name.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
    String stem = dot > 0 ? name.substring(0, dot) : name;
    Import request =
        new Import()
            .setOverwrite(overwrite)
            .setContent(Base64.getEncoder().encodeToString(Files.readAllBytes(file)));
    Language language = LANGUAGES.get(extension);
    if (language != null) {
      request.setPath(join(folder, stem)).setFormat(ImportFormat.SOURCE).setLanguage(language);
    } else if (extension.equals("ipynb")) {
      request.setPath(join(folder, stem)).setFormat(ImportFormat.JUPYTER);
    } else {
      request.setPath(join(folder, name)).setFormat(ImportFormat.RAW);
    }
    client.workspace().importContent(request);
  }

  void exportDir(String source, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<ObjectInfo> objects = new ArrayList<>();
    client.workspace().list(source).forEach(objects::add);
    for (ObjectInfo o : objects) {
      String name = DbfsPaths.name(o.getPath());
      if (o.getObjectType() == null) {
        continue;
      }
      switch (o.getObjectType()) {
        case DIRECTORY -> exportDir(o.getPath(), dir.resolve(name));
        case NOTEBOOK ->
            write(
                o.getPath(),
                ExportFormat.SOURCE,
                dir.resolve(name + EXTENSIONS.getOrDefault(o.getLanguage(), "")));
        case FILE -> write(o.getPath(), ExportFormat.RAW, dir.resolve(name));
        default -> {
          // Repos, libraries and dashboards have no local file form.
        }
      }
    }
  }

  private void write(String path, ExportFormat format, Path file) throws IOException {
    if (!overwrite && Files.exists(file)) {
      throw new CliFailure(file + " already exists (use --overwrite)");
    }
    String content =
        client.workspace().export(new ExportRequest().setPath(path).setFormat(format)).getContent();
    Files.write(file, content == null ? new byte[0] : Base64.getDecoder().decode(content));
  }

  private static String join(String folder, String name) {
    return DbfsPaths.join(folder, name);
  }
}
