package dev.kiln.server.clusters;

import dev.kiln.model.clusters.InitScriptInfo;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.dbfs.DbfsService;
import dev.kiln.server.workspace.WorkspaceService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a cluster's init scripts into local files a node can run: workspace files and DBFS files
 * are copied into the node's folder when it launches (so a script changed later does not change a
 * running cluster), {@code file:} scripts are run where they are.
 */
public final class InitScripts {
  private final WorkspaceService workspace;
  private final DbfsService dbfs;

  public InitScripts(WorkspaceService workspace, DbfsService dbfs) {
    this.workspace = workspace;
    this.dbfs = dbfs;
  }

  /** Name to local path, in the order the spec lists them. */
  Map<String, Path> materialize(List<InitScriptInfo> scripts, Path nodeDir)
      throws InitScriptException {
    Map<String, Path> result = new LinkedHashMap<>();
    if (scripts == null) {
      return result;
    }
    List<InitScriptInfo> list = new ArrayList<>(scripts);
    for (int i = 0; i < list.size(); i++) {
      InitScriptInfo script = list.get(i);
      String prefix = String.format(java.util.Locale.ROOT, "%02d", i);
      try {
        if (script.workspace() != null) {
          String source = script.workspace().destination();
          Path local = target(nodeDir, prefix, source);
          Files.write(local, workspace.fileContent(source));
          result.put(source, local);
        } else if (script.dbfs() != null) {
          String source = script.dbfs().destination();
          Path local = target(nodeDir, prefix, source);
          Files.copy(dbfs.localFile(source), local);
          // A copy keeps the DBFS file's mode (the nodes' group's only): the node must read it.
          Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rw-r--r--"));
          result.put(source, local);
        } else if (script.file() != null) {
          String source = script.file().destination().replaceFirst("^file:", "");
          result.put(source, Path.of(source));
        }
      } catch (IOException | ApiException e) {
        String where = describe(script);
        throw new InitScriptException(
            "Init script " + where + " could not be read: " + e.getMessage(), e);
      }
    }
    return result;
  }

  private static Path target(Path nodeDir, String prefix, String source) throws IOException {
    Path dir = Files.createDirectories(nodeDir.resolve("init_scripts"));
    String name = source.substring(source.lastIndexOf('/') + 1);
    return dir.resolve(prefix + "_" + (name.isEmpty() ? "script.sh" : name));
  }

  private static String describe(InitScriptInfo script) {
    if (script.workspace() != null) {
      return "workspace:" + script.workspace().destination();
    }
    if (script.dbfs() != null) {
      return script.dbfs().destination();
    }
    return script.file() == null ? "?" : "file:" + script.file().destination();
  }
}
