package dev.kiln.cli;

import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.compute.MavenLibrary;
import com.databricks.sdk.service.compute.PythonPyPiLibrary;
import com.databricks.sdk.service.compute.RCranLibrary;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * Libraries given as flags (the legacy Databricks CLI's {@code --cluster-id ID --jar URI} form):
 * each {@code --jar}, {@code --whl}, {@code --pypi-package}, ... is one library, and may repeat.
 */
final class LibraryFlags {
  @Option(
      names = "--cluster-id",
      required = true,
      paramLabel = "CLUSTER_ID",
      description = "The cluster.")
  String clusterId;

  @Option(names = "--jar", paramLabel = "URI", description = "A jar (dbfs:/, /Workspace/...).")
  List<String> jars = new ArrayList<>();

  @Option(names = "--whl", paramLabel = "URI", description = "A Python wheel.")
  List<String> whls = new ArrayList<>();

  @Option(
      names = "--requirements",
      paramLabel = "URI",
      description = "A requirements.txt of Python packages.")
  List<String> requirements = new ArrayList<>();

  @Option(
      names = "--pypi-package",
      paramLabel = "SPEC",
      description = "A PyPI package, e.g. name or name==1.0.")
  List<String> pypiPackages = new ArrayList<>();

  @Option(names = "--pypi-repo", paramLabel = "URL", description = "The index of --pypi-package.")
  String pypiRepo;

  @Option(
      names = "--maven-coordinates",
      paramLabel = "G:A:V",
      description = "A Maven artifact (with its dependencies).")
  List<String> mavenCoordinates = new ArrayList<>();

  @Option(
      names = "--maven-repo",
      paramLabel = "URL",
      description = "The repository of --maven-coordinates.")
  String mavenRepo;

  @Option(
      names = "--maven-exclusion",
      paramLabel = "G:A",
      description = "A dependency of --maven-coordinates to leave out (repeatable).")
  List<String> mavenExclusions = new ArrayList<>();

  @Option(names = "--cran-package", paramLabel = "NAME", description = "An R package.")
  List<String> cranPackages = new ArrayList<>();

  @Option(names = "--cran-repo", paramLabel = "URL", description = "The repo of --cran-package.")
  String cranRepo;

  /** The libraries, in flag-kind order; a usage error when there are none. */
  List<Library> libraries() {
    List<Library> all = new ArrayList<>();
    jars.forEach(uri -> all.add(new Library().setJar(uri)));
    whls.forEach(uri -> all.add(new Library().setWhl(uri)));
    requirements.forEach(uri -> all.add(new Library().setRequirements(uri)));
    for (String p : pypiPackages) {
      all.add(new Library().setPypi(new PythonPyPiLibrary().setPackage(p).setRepo(pypiRepo)));
    }
    for (String c : mavenCoordinates) {
      MavenLibrary maven = new MavenLibrary().setCoordinates(c).setRepo(mavenRepo);
      if (!mavenExclusions.isEmpty()) {
        maven.setExclusions(List.copyOf(mavenExclusions));
      }
      all.add(new Library().setMaven(maven));
    }
    for (String p : cranPackages) {
      all.add(new Library().setCran(new RCranLibrary().setPackage(p).setRepo(cranRepo)));
    }
    requireFor(pypiRepo != null, pypiPackages, "--pypi-repo", "--pypi-package");
    requireFor(
        mavenRepo != null || !mavenExclusions.isEmpty(),
        mavenCoordinates,
        "--maven-repo/--maven-exclusion",
        "--maven-coordinates");
    requireFor(cranRepo != null, cranPackages, "--cran-repo", "--cran-package");
    if (all.isEmpty()) {
      throw new CliFailure(
          "no library: give --jar, --whl, --requirements, --pypi-package, --maven-coordinates or"
              + " --cran-package (or the request as --json / --json-file)",
          Kiln.USAGE);
    }
    return all;
  }

  private static void requireFor(boolean given, List<String> libraries, String what, String kind) {
    if (given && libraries.isEmpty()) {
      throw new CliFailure(what + " needs " + kind, Kiln.USAGE);
    }
  }
}
