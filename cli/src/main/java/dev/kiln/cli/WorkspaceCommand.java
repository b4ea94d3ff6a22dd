package dev.kiln.cli;

import com.databricks.sdk.service.workspace.Delete;
import com.databricks.sdk.service.workspace.ExportFormat;
import com.databricks.sdk.service.workspace.ExportRequest;
import com.databricks.sdk.service.workspace.ExportResponse;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code kiln workspace}: notebooks, files and folders of the workspace tree. */
@Command(name = "workspace", description = "Notebooks, files and folders in the workspace.")
final class WorkspaceCommand {
  @ParentCommand Kiln kiln;

  @Command(name = "ls", aliases = "list", description = "List a workspace folder.")
  void ls(@Parameters(paramLabel = "PATH", defaultValue = "/") String path) {
    List<ObjectInfo> objects = new ArrayList<>();
    kiln.client().workspace().list(path).forEach(objects::add);
    List<List<String>> rows = new ArrayList<>();
    for (ObjectInfo o : objects) {
      rows.add(
          List.of(
              Output.text(o.getObjectId()),
              Output.text(o.getObjectType()),
              Output.text(o.getLanguage()),
              Output.text(o.getPath())));
    }
    kiln.output().print(objects, List.of("ID", "Type", "Language", "Path"), rows);
  }

  @Command(name = "mkdirs", description = "Make a workspace folder and its parents.")
  void mkdirs(@Parameters(paramLabel = "PATH") String path) {
    kiln.client().workspace().mkdirs(path);
  }

  @Command(name = "rm", aliases = "delete", description = "Remove a workspace object.")
  void rm(
      @Option(names = {"-r", "--recursive"}) boolean recursive,
      @Parameters(paramLabel = "PATH") String path) {
    kiln.client().workspace().delete(new Delete().setPath(path).setRecursive(recursive));
  }

  @Command(name = "import", description = "Import a local file as a notebook or file.")
  void importFile(
      @Option(names = "--format", defaultValue = "AUTO", description = "${COMPLETION-CANDIDATES}")
          ImportFormat format,
      @Option(names = "--language", description = "${COMPLETION-CANDIDATES}") Language language,
      @Option(names = "--overwrite") boolean overwrite,
      @Parameters(paramLabel = "LOCAL") Path local,
      @Parameters(paramLabel = "TARGET") String target)
      throws IOException {
    byte[] content = Files.readAllBytes(local);
    kiln.client()
        .workspace()
        .importContent(
            new Import()
                .setPath(target)
                .setFormat(format)
                .setLanguage(language)
                .setOverwrite(overwrite)
                .setContent(Base64.getEncoder().encodeToString(content)));
  }

  @Command(name = "export", description = "Export a notebook or file (to stdout without LOCAL).")
  void export(
      @Option(names = "--format", defaultValue = "SOURCE", description = "${COMPLETION-CANDIDATES}")
          ExportFormat format,
      @Parameters(paramLabel = "PATH") String path,
      @Parameters(paramLabel = "LOCAL", arity = "0..1") Path local)
      throws IOException {
    ExportResponse exported =
        kiln.client().workspace().export(new ExportRequest().setPath(path).setFormat(format));
    byte[] content =
        exported.getContent() == null
            ? new byte[0]
            : Base64.getDecoder().decode(exported.getContent());
    if (local != null) {
      Files.write(local, content);
    } else if (kiln.output().json()) {
      kiln.output().printJson(exported);
    } else {
      kiln.out.write(content);
      kiln.out.flush();
    }
  }

  @Command(
      name = "import-dir",
      description =
          "Import a local folder: .py/.scala/.sql/.r/.ipynb as notebooks, others as files.")
  void importDir(
      @Option(names = "--overwrite") boolean overwrite,
      @Parameters(paramLabel = "LOCAL_DIR") Path local,
      @Parameters(paramLabel = "TARGET") String target)
      throws IOException {
    new WorkspaceDirs(kiln.client(), overwrite).importDir(local, target);
  }

  @Command(
      name = "export-dir",
      description = "Export a workspace folder: notebooks as source files, files as they are.")
  void exportDir(
      @Option(names = "--overwrite") boolean overwrite,
      @Parameters(paramLabel = "SOURCE") String source,
      @Parameters(paramLabel = "LOCAL_DIR") Path local)
      throws IOException {
    new WorkspaceDirs(kiln.client(), overwrite).exportDir(source, local);
  }
}
