package dev.kiln.server.libraries;

import static dev.kiln.server.libraries.LibrarySpecTest.cran;
import static dev.kiln.server.libraries.LibrarySpecTest.jar;
import static dev.kiln.server.libraries.LibrarySpecTest.maven;
import static dev.kiln.server.libraries.LibrarySpecTest.pypi;
import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.libraries.Library;
import dev.kiln.model.libraries.LibraryFullStatus;
import dev.kiln.model.libraries.LibraryInstallStatus;
import dev.kiln.model.node.libraries.NodeLibrary;
import dev.kiln.model.workspace.ImportFormat;
import dev.kiln.server.compute.NodeRow;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The installer's steps against a fake driver: what it sends, and what it records. */
class LibraryInstallerTest {
  static final Library MAVEN = maven("org.jsoup:jsoup:1.7.2", null, null);
  static final Library PYPI = pypi("simplejson==3.8.0", null);
  static final Library DBFS_JAR = jar("dbfs:/libs/a.jar");

  @TempDir Path home;
  Testbed bed;

  @BeforeEach
  void open() throws Exception {
    bed = new Testbed(home);
    Files.createDirectories(bed.dbfs.localFile("dbfs:/libs"));
    Files.write(bed.dbfs.localFile("dbfs:/libs/a.jar"), new byte[] {'P', 'K', 3, 4});
  }

  @AfterEach
  void close() {
    bed.close();
  }

  Map<Library, LibraryFullStatus> statuses(String clusterId) {
    return bed.service.clusterStatus(clusterId).libraryStatuses().stream()
        .collect(Collectors.toMap(LibraryFullStatus::library, s -> s));
  }

  LibraryInstallStatus status(String clusterId, Library library) {
    return statuses(clusterId).get(library).status();
  }

  static String key(Library library) {
    return LibrarySpec.of(library).key();
  }

  @Test
  void pendingLibrariesGoToTheDriverWhichReportsTheirProgress() throws Exception {
    bed.cluster("c1", ClusterState.RUNNING, 1);
    NodeRow driver = bed.driverOf("c1", 1);
    bed.service.install("c1", List.of(MAVEN, DBFS_JAR, PYPI));

    bed.installer.step("c1");
    assertThat(bed.driver.received)
        .extracting(NodeLibrary::id)
        .containsExactly(key(MAVEN), key(DBFS_JAR), key(PYPI));
    NodeLibrary sentJar = bed.driver.received.get(1);
    Path staged = Path.of(sentJar.jar());
    assertThat(staged).startsWith(driver.path()).hasFileName("a.jar");
    assertThat(Files.readAllBytes(staged)).containsExactly('P', 'K', 3, 4);
    assertThat(bed.driver.received.get(0).maven()).isEqualTo(MAVEN.maven());
    assertThat(bed.driver.received.get(2).pypi()).isEqualTo(PYPI.pypi());
    assertThat(bed.driver.cacheDirs).containsOnly(home.resolve("cache").toString());
    assertThat(status("c1", MAVEN)).isEqualTo(LibraryInstallStatus.RESOLVING);
    assertThat(status("c1", DBFS_JAR)).isEqualTo(LibraryInstallStatus.INSTALLING);

    bed.driver.set(key(MAVEN), "INSTALLED", null);
    bed.driver.set(key(DBFS_JAR), "FAILED", "The jar is not a jar");
    bed.installer.step("c1");
    assertThat(status("c1", MAVEN)).isEqualTo(LibraryInstallStatus.INSTALLED);
    assertThat(statuses("c1").get(DBFS_JAR))
        .satisfies(s -> assertThat(s.status()).isEqualTo(LibraryInstallStatus.FAILED))
        .satisfies(s -> assertThat(s.messages()).containsExactly("The jar is not a jar"));
    assertThat(status("c1", PYPI)).isEqualTo(LibraryInstallStatus.INSTALLING);
    // Nothing pending: nothing sent again.
    assertThat(bed.driver.received).hasSize(3);
  }

  @Test
  void workspaceFilesAreStagedForTheDriverToo() throws Exception {
    bed.cluster("c1", ClusterState.RUNNING, 1);
    NodeRow driver = bed.driverOf("c1", 1);
    bed.workspace.mkdirs("/Shared");
    bed.workspace.importObject(
        "/Shared/pkg-1.0-py3-none-any.whl",
        ImportFormat.AUTO,
        null,
        "wheel".getBytes(StandardCharsets.UTF_8),
        false);
    Library wheel = LibrarySpecTest.whl("/Workspace/Shared/pkg-1.0-py3-none-any.whl");
    bed.service.install("c1", List.of(wheel));
    bed.installer.step("c1");
    Path staged = Path.of(bed.driver.received.get(0).whl());
    assertThat(staged).startsWith(driver.path()).hasFileName("pkg-1.0-py3-none-any.whl");
    assertThat(Files.readString(staged)).isEqualTo("wheel");
  }

  @Test
  void aFileThatIsNotThereFailsWithoutReachingTheDriver() throws Exception {
    bed.cluster("c1", ClusterState.RUNNING, 1);
    bed.driverOf("c1", 1);
    Library missing = jar("dbfs:/libs/missing.jar");
    Library notInWorkspace = jar("/Shared/missing.jar");
    bed.service.install("c1", List.of(missing, notInWorkspace, cran("ggplot2")));
    bed.installer.step("c1");
    assertThat(bed.driver.received).isEmpty();
    assertThat(statuses("c1").get(missing).messages())
        .containsExactly("File dbfs:/libs/missing.jar does not exist");
    assertThat(statuses("c1").get(notInWorkspace))
        .satisfies(s -> assertThat(s.status()).isEqualTo(LibraryInstallStatus.FAILED))
        .satisfies(
            s -> assertThat(s.messages()).singleElement().asString().contains("missing.jar"));
  }

  @Test
  void aDriverThatDoesNotKnowALibraryInProgressGetsItAgain() throws Exception {
    bed.cluster("c1", ClusterState.RUNNING, 1);
    bed.driverOf("c1", 1);
    bed.service.install("c1", List.of(PYPI));
    bed.installer.step("c1");
    assertThat(status("c1", PYPI)).isEqualTo(LibraryInstallStatus.INSTALLING);
    bed.driver.forget();
    bed.installer.step("c1");
    assertThat(status("c1", PYPI)).isEqualTo(LibraryInstallStatus.PENDING);
    bed.installer.step("c1");
    assertThat(bed.driver.received).hasSize(2);
    assertThat(status("c1", PYPI)).isEqualTo(LibraryInstallStatus.INSTALLING);
  }

  @Test
  void aNewDriverGetsEverythingAgainExceptWhatWasUninstalled() throws Exception {
    bed.cluster("c1", ClusterState.RUNNING, 1);
    bed.driverOf("c1", 1);
    bed.service.install("c1", List.of(MAVEN, PYPI));
    bed.installer.step("c1");
    bed.driver.set(key(MAVEN), "INSTALLED", null);
    bed.driver.set(key(PYPI), "INSTALLED", null);
    bed.installer.step("c1");
    bed.service.uninstall("c1", List.of(PYPI));
    assertThat(status("c1", PYPI)).isEqualTo(LibraryInstallStatus.UNINSTALL_ON_RESTART);

    bed.move("c1", ClusterState.RESTARTING, 2);
    assertThat(statuses("c1")).containsOnlyKeys(MAVEN);
    assertThat(status("c1", MAVEN)).isEqualTo(LibraryInstallStatus.PENDING);
    bed.move("c1", ClusterState.RUNNING, 2);
    bed.driver.forget();
    bed.driverOf("c1", 2);
    bed.installer.step("c1");
    assertThat(bed.jdbi.onDemand(ClusterLibraryDao.class).ofCluster("c1"))
        .singleElement()
        .satisfies(r -> assertThat(r.generation()).isEqualTo(2));
    assertThat(bed.driver.received).extracting(NodeLibrary::id).last().isEqualTo(key(MAVEN));
    assertThat(status("c1", MAVEN)).isEqualTo(LibraryInstallStatus.RESOLVING);
  }

  @Test
  void nothingIsSentToAClusterThatIsNotRunning() throws Exception {
    bed.cluster("c1", ClusterState.PENDING, 1);
    bed.driverOf("c1", 1);
    bed.service.install("c1", List.of(PYPI));
    bed.installer.step("c1");
    bed.move("c1", ClusterState.TERMINATED, 1);
    bed.installer.step("c1");
    assertThat(bed.driver.received).isEmpty();
    assertThat(status("c1", PYPI)).isEqualTo(LibraryInstallStatus.PENDING);
  }
}
