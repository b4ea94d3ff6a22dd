package dev.kiln.server.libraries;

import static dev.kiln.server.libraries.LibrarySpecTest.cran;
import static dev.kiln.server.libraries.LibrarySpecTest.jar;
import static dev.kiln.server.libraries.LibrarySpecTest.maven;
import static dev.kiln.server.libraries.LibrarySpecTest.pypi;
import static dev.kiln.server.testing.ApiErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.model.clusters.ClusterState;
import dev.kiln.model.libraries.Library;
import dev.kiln.model.libraries.LibraryFullStatus;
import dev.kiln.model.libraries.LibraryInstallStatus;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.clusters.ClusterDao;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Libraries API's requests and reads on a real store, and the jobs' wait. */
class LibrariesServiceTest {
  static final Library JAR = jar("dbfs:/libs/a.jar");
  static final Library MAVEN = maven("org.jsoup:jsoup:1.7.2", null, null);
  static final Library PYPI = pypi("simplejson==3.8.0", null);

  @TempDir Path home;
  Testbed bed;
  LibrariesService service;
  ClusterLibraryDao dao;

  @BeforeEach
  void open() throws Exception {
    bed = new Testbed(home);
    service = bed.service;
    dao = bed.jdbi.onDemand(ClusterLibraryDao.class);
  }

  @AfterEach
  void close() {
    bed.close();
  }

  Map<Library, LibraryFullStatus> statuses(String clusterId) {
    return service.clusterStatus(clusterId).libraryStatuses().stream()
        .collect(Collectors.toMap(LibraryFullStatus::library, s -> s));
  }

  LibraryRow row(String clusterId, Library library) {
    return dao.find(clusterId, LibrarySpec.of(library).key()).orElseThrow();
  }

  void store(String clusterId, Library library, LibraryInstallStatus status) {
    LibraryRow r = row(clusterId, library);
    assertThat(
            dao.move(
                r.id(), r.status().name(), r.generation(), status.name(), null, r.generation(), 0))
        .isTrue();
  }

  @Test
  void installRecordsEachLibraryOnceAsPendingInTheOrderAsked() {
    bed.cluster("c1", ClusterState.RUNNING, 1);
    service.install("c1", List.of(MAVEN, JAR, PYPI, JAR));
    service.install("c1", List.of(MAVEN));
    assertThat(service.clusterStatus("c1").libraryStatuses())
        .extracting(LibraryFullStatus::library, LibraryFullStatus::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(MAVEN, LibraryInstallStatus.PENDING),
            org.assertj.core.groups.Tuple.tuple(JAR, LibraryInstallStatus.PENDING),
            org.assertj.core.groups.Tuple.tuple(PYPI, LibraryInstallStatus.PENDING));
    assertThat(service.clusterStatus("c1").libraryStatuses())
        .allSatisfy(s -> assertThat(s.isLibraryForAllClusters()).isFalse());
  }

  @Test
  void aBadLibraryRefusesTheWholeRequest() {
    bed.cluster("c1", ClusterState.RUNNING, 1);
    assertThatThrownBy(() -> service.install("c1", List.of(JAR, maven("no-version", null, null))))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE);
              assertThat(e.getMessage()).startsWith("libraries[1]: ");
            });
    assertFailsWith(() -> service.install("c1", null), ErrorCode.INVALID_PARAMETER_VALUE);
    assertThat(dao.ofCluster("c1")).isEmpty();
  }

  @Test
  void anUnknownOrDeletedClusterDoesNotExist() {
    assertFailsWith(() -> service.install("nope", List.of(JAR)), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertFailsWith(
        () -> service.uninstall("nope", List.of(JAR)), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertFailsWith(() -> service.clusterStatus("nope"), ErrorCode.RESOURCE_DOES_NOT_EXIST);
    assertFailsWith(() -> service.clusterStatus(null), ErrorCode.INVALID_PARAMETER_VALUE);
  }

  @Test
  void whatKilnCannotInstallFailsAtOnceAndStaysFailed() {
    bed.cluster("c1", ClusterState.RUNNING, 1);
    Library r = cran("ggplot2");
    service.install("c1", List.of(r));
    LibraryFullStatus status = statuses("c1").get(r);
    assertThat(status.status()).isEqualTo(LibraryInstallStatus.FAILED);
    assertThat(status.messages()).singleElement().asString().contains("no R");
    service.install("c1", List.of(r));
    assertThat(statuses("c1").get(r).status()).isEqualTo(LibraryInstallStatus.FAILED);
  }

  @Test
  void aFailedLibraryAskedForAgainIsTriedAgain() {
    bed.cluster("c1", ClusterState.RUNNING, 1);
    service.install("c1", List.of(JAR));
    store("c1", JAR, LibraryInstallStatus.FAILED);
    service.install("c1", List.of(JAR));
    assertThat(statuses("c1").get(JAR).status()).isEqualTo(LibraryInstallStatus.PENDING);
  }

  @Test
  void uninstallMarksWhatTheDriverHasAndDropsTheRest() {
    bed.cluster("c1", ClusterState.RUNNING, 1);
    service.install("c1", List.of(JAR, MAVEN, PYPI));
    store("c1", JAR, LibraryInstallStatus.INSTALLED);
    store("c1", MAVEN, LibraryInstallStatus.RESOLVING);
    service.uninstall("c1", List.of(JAR, MAVEN, PYPI, jar("dbfs:/never-asked.jar")));
    assertThat(statuses("c1"))
        .containsOnlyKeys(JAR, MAVEN)
        .allSatisfy(
            (library, s) ->
                assertThat(s.status()).isEqualTo(LibraryInstallStatus.UNINSTALL_ON_RESTART));
    // Asked for again before the restart: kept after all.
    service.install("c1", List.of(JAR));
    assertThat(statuses("c1").get(JAR).status()).isEqualTo(LibraryInstallStatus.INSTALLED);
  }

  @Test
  void onATerminatedClusterUninstallIsImmediateAndTheRestIsPending() {
    bed.cluster("c1", ClusterState.RUNNING, 1);
    service.install("c1", List.of(JAR, MAVEN));
    store("c1", JAR, LibraryInstallStatus.INSTALLED);
    store("c1", MAVEN, LibraryInstallStatus.INSTALLED);
    service.uninstall("c1", List.of(MAVEN));
    bed.move("c1", ClusterState.TERMINATED, 1);
    assertThat(statuses("c1")).containsOnlyKeys(JAR);
    assertThat(statuses("c1").get(JAR).status()).isEqualTo(LibraryInstallStatus.PENDING);
    bed.installer.step("c1");
    assertThat(dao.ofCluster("c1"))
        .extracting(LibraryRow::libraryKey)
        .containsExactly(LibrarySpec.of(JAR).key());
    service.uninstall("c1", List.of(JAR));
    assertThat(dao.ofCluster("c1")).isEmpty();
  }

  @Test
  void allClusterStatusesListsEveryClusterWithLibraries() {
    bed.cluster("c1", ClusterState.RUNNING, 1);
    bed.cluster("c2", ClusterState.TERMINATED, 1);
    bed.cluster("c3", ClusterState.RUNNING, 1);
    service.install("c1", List.of(JAR));
    service.install("c2", List.of(MAVEN, PYPI));
    assertThat(service.allClusterStatuses().statuses())
        .extracting(c -> c.clusterId() + ":" + c.libraryStatuses().size())
        .containsExactly("c1:1", "c2:2");
  }

  @Test
  void librariesGoWithTheirCluster() {
    bed.cluster("c1", ClusterState.TERMINATED, 1);
    service.install("c1", List.of(JAR, MAVEN));
    bed.jdbi.onDemand(ClusterDao.class).delete("c1");
    assertThat(dao.ofCluster("c1")).isEmpty();
    assertThat(service.allClusterStatuses().statuses()).isEmpty();
  }

  @Test
  void awaitInstalledAnswersTheFailuresAndNothingForWhatIsInstalled() throws Exception {
    bed.cluster("c1", ClusterState.RUNNING, 1);
    Library r = cran("ggplot2");
    service.install("c1", List.of(JAR, MAVEN, r));
    store("c1", JAR, LibraryInstallStatus.INSTALLED);
    LibraryRow m = row("c1", MAVEN);
    dao.move(m.id(), "PENDING", 1, "FAILED", "[\"not found in Maven Central\"]", 1, 0);
    List<ClusterLibraries.Failure> failures =
        service.awaitInstalled("c1", List.of(JAR, MAVEN, r, PYPI), Duration.ofSeconds(5));
    assertThat(failures)
        .extracting(ClusterLibraries.Failure::library, ClusterLibraries.Failure::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(MAVEN, "not found in Maven Central"),
            org.assertj.core.groups.Tuple.tuple(
                r, "R libraries are not supported: Kiln runtimes have no R"),
            org.assertj.core.groups.Tuple.tuple(
                PYPI, "pypi simplejson==3.8.0 was not asked for on cluster c1"));
    assertThat(service.awaitInstalled("c1", List.of(JAR), Duration.ofSeconds(5))).isEmpty();
  }

  @Test
  void awaitInstalledWaitsForProgressAndGivesUpAtTheTimeout() throws Exception {
    bed.cluster("c1", ClusterState.RUNNING, 1);
    service.install("c1", List.of(JAR, MAVEN));
    Thread installer =
        new Thread(
            () -> {
              try {
                Thread.sleep(300);
              } catch (InterruptedException e) {
                return;
              }
              store("c1", JAR, LibraryInstallStatus.INSTALLED);
              bed.changes.announce();
            });
    installer.start();
    assertThat(service.awaitInstalled("c1", List.of(JAR), Duration.ofSeconds(30))).isEmpty();
    installer.join();
    long started = System.nanoTime();
    assertThat(service.awaitInstalled("c1", List.of(MAVEN), Duration.ofMillis(400)))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).contains("is still PENDING after"));
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void awaitInstalledFailsAtOnceOnAClusterThatIsNotRunning() throws Exception {
    bed.cluster("c1", ClusterState.TERMINATED, 1);
    service.install("c1", List.of(JAR));
    assertThat(service.awaitInstalled("c1", List.of(JAR), Duration.ofMinutes(5)))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).isEqualTo("Cluster c1 is TERMINATED"));
    assertThat(service.awaitInstalled("gone", List.of(JAR), Duration.ofMinutes(5)))
        .singleElement()
        .satisfies(f -> assertThat(f.message()).isEqualTo("Cluster gone does not exist"));
  }
}
