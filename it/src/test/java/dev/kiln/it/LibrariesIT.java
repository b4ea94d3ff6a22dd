package dev.kiln.it;

import static dev.kiln.it.ApiAssertions.assertError;
import static dev.kiln.it.ClusterCalls.assertNoProcessesLeft;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.databricks.sdk.core.error.platform.ResourceDoesNotExist;
import com.databricks.sdk.service.compute.ClusterLibraryStatuses;
import com.databricks.sdk.service.compute.CommandStatus;
import com.databricks.sdk.service.compute.CommandStatusResponse;
import com.databricks.sdk.service.compute.InstallLibraries;
import com.databricks.sdk.service.compute.Language;
import com.databricks.sdk.service.compute.Library;
import com.databricks.sdk.service.compute.LibraryFullStatus;
import com.databricks.sdk.service.compute.LibraryInstallStatus;
import com.databricks.sdk.service.compute.MavenLibrary;
import com.databricks.sdk.service.compute.PythonPyPiLibrary;
import com.databricks.sdk.service.compute.RCranLibrary;
import com.databricks.sdk.service.compute.RestartCluster;
import com.databricks.sdk.service.compute.ResultType;
import com.databricks.sdk.service.compute.Results;
import com.databricks.sdk.service.compute.State;
import com.databricks.sdk.service.compute.UninstallLibraries;
import com.databricks.sdk.service.files.Put;
import com.databricks.sdk.service.workspace.Import;
import com.databricks.sdk.service.workspace.ImportFormat;
import dev.kiln.server.libraries.ClusterLibraries;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Libraries API 2.0 through the official Java SDK on one real single-node cluster: a jar built by
 * the test (from DBFS and from the workspace), a Maven library with its dependencies and a PyPI
 * package with its dependency, each used from execution contexts and Spark jobs; libraries that
 * cannot be installed; bad requests; uninstall, and a restart that installs the rest again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LibrariesIT extends ServerIT {
  static final Duration WAIT = Duration.ofMinutes(3);
  static final Library DBFS_JAR = new Library().setJar("dbfs:/libs/dbfs-greeter.jar");
  static final Library WORKSPACE_JAR =
      new Library().setJar("/Workspace/Shared/libs/workspace-greeter.jar");
  static final Library MAVEN =
      new Library()
          .setMaven(new MavenLibrary().setCoordinates("org.apache.commons:commons-rng-simple:1.6"));
  static final Library PYPI =
      new Library().setPypi(new PythonPyPiLibrary().setPackage("python-slugify==8.0.4"));
  static String clusterId;
  static String scalaContext;

  @BeforeAll
  static void startCluster() throws Exception {
    clusterId = ClusterCalls.createRunning(admin, ClusterCalls.singleNode("libs")).getClusterId();
  }

  @AfterAll
  static void stopCluster() throws Exception {
    try {
      if (admin.clusters().get(clusterId).getState() != State.TERMINATED) {
        admin.clusters().delete(clusterId).get(WAIT);
      }
      assertNoProcessesLeft(clusterId);
    } catch (ResourceDoesNotExist e) {
      // permanently deleted by the last test
    } finally {
      ClusterCalls.killLeftovers(clusterId);
    }
  }

  @Test
  @Order(1)
  void jarsFromDbfsAndTheWorkspaceReachScalaPythonAndExecutors() throws Exception {
    Path dir = Files.createTempDirectory("kiln-libs-");
    byte[] dbfsJar =
        TestJars.compile(
            dir.resolve("a"),
            "kiln.libtest.DbfsGreeter",
            TestJars.greeter("kiln.libtest.DbfsGreeter", "hi from dbfs"));
    byte[] workspaceJar =
        TestJars.compile(
            dir.resolve("b"),
            "kiln.libtest.WorkspaceGreeter",
            TestJars.greeter("kiln.libtest.WorkspaceGreeter", "hi from the workspace"));
    admin
        .dbfs()
        .put(
            new Put()
                .setPath("/libs/dbfs-greeter.jar")
                .setContents(base64(dbfsJar))
                .setOverwrite(true));
    admin.workspace().mkdirs("/Shared/libs");
    admin
        .workspace()
        .importContent(
            new Import()
                .setPath("/Shared/libs/workspace-greeter.jar")
                .setFormat(ImportFormat.AUTO)
                .setContent(base64(workspaceJar)));
    String before = context(Language.SCALA);

    install(DBFS_JAR, WORKSPACE_JAR);
    assertThat(awaitSettled(DBFS_JAR).getStatus()).isEqualTo(LibraryInstallStatus.INSTALLED);
    assertThat(awaitSettled(WORKSPACE_JAR).getStatus()).isEqualTo(LibraryInstallStatus.INSTALLED);

    String scala = context(Language.SCALA);
    scalaContext = scala;
    assertThat(text(run(scala, Language.SCALA, "new kiln.libtest.DbfsGreeter().hello()")))
        .contains("hi from dbfs");
    assertThat(text(run(scala, Language.SCALA, "new kiln.libtest.WorkspaceGreeter().hello()")))
        .contains("hi from the workspace");
    assertThat(
            text(
                run(
                    scala,
                    Language.SCALA,
                    "sc.parallelize(1 to 4, 2).map(i => new kiln.libtest.DbfsGreeter().hello() +"
                        + " i).collect().mkString(\",\")")))
        .contains("hi from dbfs1,hi from dbfs2,hi from dbfs3,hi from dbfs4");
    // A context that was there before the jar arrived picks it up before its next command.
    assertThat(text(run(before, Language.SCALA, "new kiln.libtest.DbfsGreeter().hello()")))
        .contains("hi from dbfs");
    String python = context(Language.PYTHON);
    assertThat(text(run(python, Language.PYTHON, "spark._jvm.kiln.libtest.DbfsGreeter().hello()")))
        .contains("hi from dbfs");
  }

  @Test
  @Order(2)
  void mavenLibrariesComeWithTheirDependencies() throws Exception {
    install(MAVEN);
    LibraryFullStatus status = awaitSettled(MAVEN);
    assertThat(status.getStatus())
        .as("%s", status.getMessages())
        .isEqualTo(LibraryInstallStatus.INSTALLED);

    // The context of the first test, from before this library: it gets it before its next command.
    String scala = scalaContext != null ? scalaContext : context(Language.SCALA);
    // RandomSource is in commons-rng-simple; the generator it makes in commons-rng-core.
    String rng = "org.apache.commons.rng.simple.RandomSource.XO_RO_SHI_RO_128_PP.create()";
    assertThat(text(run(scala, Language.SCALA, rng + ".getClass.getName")))
        .contains("org.apache.commons.rng.core.source64.XoRoShiRo128PlusPlus");
    assertThat(
            text(
                run(
                    scala,
                    Language.SCALA,
                    "sc.parallelize(1 to 6, 3).map(_ => " + rng + ".nextInt(10)).count()")))
        .contains("6");
  }

  @Test
  @Order(3)
  void pypiPackagesAreImportableInPythonContextsAndTheirWorkers() throws Exception {
    String before = context(Language.PYTHON);
    Results missing = run(before, Language.PYTHON, "import slugify");
    assertThat(missing.getResultType()).isEqualTo(ResultType.ERROR);
    assertThat(missing.getSummary()).contains("ModuleNotFoundError");

    install(PYPI);
    // A control-plane restart while pip may be running changes nothing: the statuses are stored
    // and the next installer pass asks the driver where it is.
    server.restart();
    LibraryFullStatus status = awaitSettled(PYPI);
    assertThat(status.getStatus())
        .as("%s", status.getMessages())
        .isEqualTo(LibraryInstallStatus.INSTALLED);

    String python = context(Language.PYTHON);
    // python-slugify needs text-unidecode, which pip brought along.
    assertThat(
            text(
                run(
                    python,
                    Language.PYTHON,
                    "from slugify import slugify\nslugify('Hello Kiln Wörld')")))
        .contains("hello-kiln-world");
    assertThat(
            text(
                run(
                    python,
                    Language.PYTHON,
                    "sc.parallelize(['A b', 'C d'], 2)"
                        + ".map(lambda s: __import__('slugify').slugify(s)).collect()")))
        .contains("['a-b', 'c-d']");
  }

  @Test
  @Order(4)
  void librariesThatCannotBeInstalledFailWithAMessage() throws Exception {
    Library noSuchMaven =
        new Library()
            .setMaven(new MavenLibrary().setCoordinates("dev.kiln.nosuch:no-such-library:1.0"));
    Library noSuchPackage =
        new Library().setPypi(new PythonPyPiLibrary().setPackage("kiln-no-such-package-7f3a9c"));
    Library missingJar = new Library().setJar("dbfs:/libs/missing.jar");
    Library cran = new Library().setCran(new RCranLibrary().setPackage("ggplot2"));
    install(noSuchMaven, noSuchPackage, missingJar, cran);

    assertThat(awaitSettled(noSuchMaven))
        .satisfies(s -> assertThat(s.getStatus()).isEqualTo(LibraryInstallStatus.FAILED))
        .satisfies(s -> assertThat(String.join(" ", s.getMessages())).contains("no-such-library"));
    assertThat(awaitSettled(noSuchPackage))
        .satisfies(s -> assertThat(s.getStatus()).isEqualTo(LibraryInstallStatus.FAILED))
        .satisfies(
            s -> assertThat(String.join(" ", s.getMessages())).contains("kiln-no-such-package"));
    assertThat(awaitSettled(missingJar))
        .satisfies(s -> assertThat(s.getStatus()).isEqualTo(LibraryInstallStatus.FAILED))
        .satisfies(s -> assertThat(String.join(" ", s.getMessages())).contains("does not exist"));
    assertThat(awaitSettled(cran))
        .satisfies(s -> assertThat(s.getStatus()).isEqualTo(LibraryInstallStatus.FAILED))
        .satisfies(s -> assertThat(String.join(" ", s.getMessages())).contains("R"));

    // The jobs' view: what failed, and nothing for what is installed.
    ClusterLibraries libraries = server.server().libraries();
    List<ClusterLibraries.Failure> failures =
        libraries.awaitInstalled(
            clusterId,
            List.of(
                model(DBFS_JAR), model(MAVEN), model(noSuchMaven), model(missingJar), model(cran)),
            Duration.ofSeconds(30));
    assertThat(failures)
        .extracting(ClusterLibraries.Failure::message)
        .hasSize(3)
        .anySatisfy(m -> assertThat(m).contains("no-such-library"))
        .anySatisfy(m -> assertThat(m).contains("dbfs:/libs/missing.jar does not exist"))
        .anySatisfy(m -> assertThat(m).contains("R libraries are not supported"));
    assertThat(libraries.awaitInstalled(clusterId, List.of(model(DBFS_JAR), model(PYPI)), WAIT))
        .isEmpty();
    // Asked for again, a failed library is tried again (and fails again).
    install(missingJar);
    assertThat(awaitSettled(missingJar).getStatus()).isEqualTo(LibraryInstallStatus.FAILED);

    // Every cluster with libraries, this one among them.
    List<String> clusters = new ArrayList<>();
    for (ClusterLibraryStatuses c : admin.libraries().allClusterStatuses()) {
      clusters.add(c.getClusterId());
    }
    assertThat(clusters).contains(clusterId);
  }

  @Test
  @Order(5)
  void badRequestsAreRefusedAndChangeNothing() {
    int before = statuses().size();
    String path = "/api/2.0/libraries/install";
    assertError(
        server.call(
            "POST",
            path,
            "{\"cluster_id\":\""
                + clusterId
                + "\",\"libraries\":[{\"jar\":\"dbfs:/a.jar\","
                + "\"whl\":\"dbfs:/a.whl\"}]}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", path, "{\"cluster_id\":\"" + clusterId + "\",\"libraries\":[{}]}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call(
            "POST",
            path,
            "{\"cluster_id\":\""
                + clusterId
                + "\",\"libraries\":[{\"jar\":\"dbfs:/ok.jar\"},"
                + "{\"maven\":{\"coordinates\":\"just-a-name\"}}]}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call(
            "POST",
            path,
            "{\"cluster_id\":\"" + clusterId + "\",\"libraries\":[{\"jar\":\"relative.jar\"}]}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(
        server.call("POST", path, "{\"libraries\":[{\"jar\":\"dbfs:/a.jar\"}]}"),
        400,
        "INVALID_PARAMETER_VALUE");
    assertError(server.call("POST", path, "{\"cluster_id\":"), 400, "MALFORMED_REQUEST");
    assertError(
        server.call("GET", "/api/2.0/libraries/cluster-status", null),
        400,
        "INVALID_PARAMETER_VALUE");
    assertThatThrownBy(
            () ->
                admin
                    .libraries()
                    .install(
                        new InstallLibraries()
                            .setClusterId("0000-000000-nosuch00")
                            .setLibraries(List.of(DBFS_JAR))))
        .isInstanceOf(ResourceDoesNotExist.class);
    assertThat(statuses()).hasSize(before);
  }

  @Test
  @Order(6)
  void uninstallTakesEffectOnRestartAndTheOthersAreInstalledAgain() throws Exception {
    Library missingJar = new Library().setJar("dbfs:/libs/missing.jar");
    admin
        .libraries()
        .uninstall(
            new UninstallLibraries()
                .setClusterId(clusterId)
                .setLibraries(
                    List.of(
                        DBFS_JAR, missingJar, new Library().setJar("dbfs:/libs/never-asked.jar"))));
    assertThat(status(DBFS_JAR).orElseThrow().getStatus())
        .isEqualTo(LibraryInstallStatus.UNINSTALL_ON_RESTART);
    // Never installed on a driver: gone at once.
    assertThat(status(missingJar)).isEmpty();

    admin.clusters().restart(new RestartCluster().setClusterId(clusterId)).get(WAIT);
    assertThat(status(DBFS_JAR)).isEmpty();
    assertThat(awaitSettled(MAVEN).getStatus()).isEqualTo(LibraryInstallStatus.INSTALLED);
    assertThat(awaitSettled(WORKSPACE_JAR).getStatus()).isEqualTo(LibraryInstallStatus.INSTALLED);

    String scala = context(Language.SCALA);
    assertThat(text(run(scala, Language.SCALA, "new kiln.libtest.WorkspaceGreeter().hello()")))
        .contains("hi from the workspace");
    Results gone = run(scala, Language.SCALA, "new kiln.libtest.DbfsGreeter().hello()");
    assertThat(gone.getResultType()).isEqualTo(ResultType.ERROR);
  }

  @Test
  @Order(7)
  void permanentlyDeletingTheClusterTakesItsLibrariesAlong() throws Exception {
    admin.clusters().delete(clusterId).get(WAIT);
    assertThat(statuses())
        .extracting(LibraryFullStatus::getStatus)
        .containsOnly(LibraryInstallStatus.PENDING, LibraryInstallStatus.FAILED);
    admin.clusters().permanentDelete(clusterId);
    Awaitility.await("the cluster's libraries to go")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .untilAsserted(
            () -> {
              List<String> clusters = new ArrayList<>();
              admin.libraries().allClusterStatuses().forEach(c -> clusters.add(c.getClusterId()));
              assertThat(clusters).doesNotContain(clusterId);
            });
    assertThatThrownBy(() -> admin.libraries().clusterStatus(clusterId).iterator().hasNext())
        .isInstanceOf(ResourceDoesNotExist.class);
  }

  // ---- helpers

  static void install(Library... libraries) {
    admin
        .libraries()
        .install(new InstallLibraries().setClusterId(clusterId).setLibraries(List.of(libraries)));
  }

  static List<LibraryFullStatus> statuses() {
    List<LibraryFullStatus> all = new ArrayList<>();
    admin.libraries().clusterStatus(clusterId).forEach(all::add);
    return all;
  }

  static Optional<LibraryFullStatus> status(Library library) {
    return statuses().stream().filter(s -> library.equals(s.getLibrary())).findFirst();
  }

  /** Waits until the library is INSTALLED or FAILED. */
  static LibraryFullStatus awaitSettled(Library library) {
    return Awaitility.await(library + " to settle")
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> status(library).orElse(null),
            s ->
                s != null
                    && (s.getStatus() == LibraryInstallStatus.INSTALLED
                        || s.getStatus() == LibraryInstallStatus.FAILED));
  }

  /** The SDK's library as Kiln's wire record. */
  static dev.kiln.model.libraries.Library model(Library library) {
    return dev.kiln.model.Json.mapper()
        .convertValue(
            new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(library),
            dev.kiln.model.libraries.Library.class);
  }

  static String context(Language language) throws Exception {
    return ClusterCalls.newContext(admin, clusterId, language);
  }

  static Results run(String context, Language language, String code) throws Exception {
    CommandStatusResponse done =
        admin
            .commandExecution()
            .execute(
                new com.databricks.sdk.service.compute.Command()
                    .setClusterId(clusterId)
                    .setContextId(context)
                    .setLanguage(language)
                    .setCommand(code))
            .get(WAIT);
    assertThat(done.getStatus()).isEqualTo(CommandStatus.FINISHED);
    return done.getResults();
  }

  static String text(Results r) {
    assertThat(r.getResultType())
        .as("%s: %s", r.getSummary(), r.getCause())
        .isEqualTo(ResultType.TEXT);
    return String.valueOf(r.getData());
  }

  static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
