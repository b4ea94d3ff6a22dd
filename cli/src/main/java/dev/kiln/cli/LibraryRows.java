package dev.kiln.cli;

import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.compute.LibraryFullStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The text forms of libraries and their statuses, for tables and messages. */
final class LibraryRows {
  private LibraryRows() {}

  static final List<String> HEADER = List.of("Type", "Library", "Status", "Message");

  static final List<String> ALL_HEADER =
      List.of("Cluster ID", "Type", "Library", "Status", "Message");

  static List<String> row(LibraryFullStatus s) {
    Library l = s.getLibrary();
    return List.of(type(l), name(l), Output.text(s.getStatus()), message(s.getMessages()));
  }

  static List<String> row(String clusterId, LibraryFullStatus s) {
    List<String> row = new ArrayList<>();
    row.add(Output.text(clusterId));
    row.addAll(row(s));
    return row;
  }

  /** The library's kind: {@code jar}, {@code whl}, {@code pypi}, {@code maven}, ... */
  static String type(Library l) {
    if (l == null) {
      return "";
    } else if (l.getJar() != null) {
      return "jar";
    } else if (l.getWhl() != null) {
      return "whl";
    } else if (l.getEgg() != null) {
      return "egg";
    } else if (l.getRequirements() != null) {
      return "requirements";
    } else if (l.getPypi() != null) {
      return "pypi";
    } else if (l.getMaven() != null) {
      return "maven";
    } else if (l.getCran() != null) {
      return "cran";
    }
    return "";
  }

  /** What names the library within its kind: a URI, a package or Maven coordinates. */
  static String name(Library l) {
    if (l == null) {
      return "";
    } else if (l.getJar() != null) {
      return l.getJar();
    } else if (l.getWhl() != null) {
      return l.getWhl();
    } else if (l.getEgg() != null) {
      return l.getEgg();
    } else if (l.getRequirements() != null) {
      return l.getRequirements();
    } else if (l.getPypi() != null) {
      return Output.text(l.getPypi().getPackage());
    } else if (l.getMaven() != null) {
      return Output.text(l.getMaven().getCoordinates());
    } else if (l.getCran() != null) {
      return Output.text(l.getCran().getPackage());
    }
    return "";
  }

  /**
   * {@code jar dbfs:/x.jar}: kind and name, which is also how a cluster tells its libraries apart
   * (a repository or exclusions do not make another library).
   */
  static String key(Library l) {
    return type(l) + " " + name(l);
  }

  /** The first line of each message, in one cell. */
  static String message(Collection<String> messages) {
    if (messages == null) {
      return "";
    }
    List<String> firsts = new ArrayList<>();
    for (String m : messages) {
      if (m != null && !m.isBlank()) {
        firsts.add(m.strip().lines().findFirst().orElse(""));
      }
    }
    return String.join("; ", firsts);
  }
}
