package dev.kiln.model.clusters;

import java.util.ArrayList;
import java.util.List;

/** One init script: exactly one of its locations should be set. */
public record InitScriptInfo(
    Destination workspace,
    Destination volumes,
    Destination dbfs,
    S3Destination s3,
    Destination abfss,
    Destination gcs,
    Destination file) {

  public static InitScriptInfo workspace(String path) {
    return new InitScriptInfo(new Destination(path), null, null, null, null, null, null);
  }

  public static InitScriptInfo dbfs(String path) {
    return new InitScriptInfo(null, null, new Destination(path), null, null, null, null);
  }

  public static InitScriptInfo file(String path) {
    return new InitScriptInfo(null, null, null, null, null, null, new Destination(path));
  }

  /** The wire names of the locations that are set, in declaration order. */
  public List<String> kinds() {
    List<String> kinds = new ArrayList<>();
    add(kinds, "workspace", workspace);
    add(kinds, "volumes", volumes);
    add(kinds, "dbfs", dbfs);
    add(kinds, "s3", s3);
    add(kinds, "abfss", abfss);
    add(kinds, "gcs", gcs);
    add(kinds, "file", file);
    return kinds;
  }

  /** The destination of the one location set, or null when none or several are. */
  public String destination() {
    if (kinds().size() != 1) {
      return null;
    }
    if (s3 != null) {
      return s3.destination();
    }
    for (Destination d : new Destination[] {workspace, volumes, dbfs, abfss, gcs, file}) {
      if (d != null) {
        return d.destination();
      }
    }
    return null;
  }

  private static void add(List<String> kinds, String name, Object value) {
    if (value != null) {
      kinds.add(name);
    }
  }
}
