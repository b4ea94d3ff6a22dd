package dev.kiln.it;

import static dev.kiln.it.CliRun.fails;
import static dev.kiln.it.CliRun.ok;
import static dev.kiln.it.ClusterCalls.assertNoProcessesLeft;
import static org.assertj.core.api.Assertions.assertThat;

import com.databricks.sdk.service.compute.State;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kiln libraries}, in-process, against a real server and one real single-node cluster for
 * the class: bad input, a jar built by the test installed with {@code --wait} and used from Scala,
 * a library that fails, a {@code --wait} that times out, uninstall, every kind of library flag, and
 * a {@code --wait} on a terminated cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CliLibrariesIT extends ServerIT {
  private static final String GREETER = "dbfs:/cli-libs/greeter.jar";
  private static final String SECOND = "dbfs:/cli-libs/second.jar";
  private static final String MISSING = "dbfs:/cli-libs/missing.jar";
  private static final String NO_CLUSTER = "0000-000000-nosuch00";
  private static String clusterId;

  @TempDir static Path temp;

  @BeforeAll
  static void startClusterAndUploadJars() throws Exception {
    clusterId =
        ClusterCalls.createRunning(admin, ClusterCalls.singleNode("cli-libs")).getClusterId();
    upload("kiln.clilibs.Greeter", "hi from the command line", GREETER);
    upload("kiln.clilibs.Second", "second", SECOND);
  }

  @AfterAll
  static void deleteCluster() throws Exception {
    if (clusterId == null) {
      return;
    }
    try {
      if (admin.clusters().get(clusterId).getState() != State.TERMINATED) {
        admin.clusters().delete(clusterId).get(Duration.ofMinutes(3));
      }
      assertNoProcessesLeft(clusterId);
    } finally {
      ClusterCalls.killLeftovers(clusterId);
    }
  }

  private static CliRun kiln(String... args) {
    return CliRun.run(CliRun.adminEnv(server, temp), "", args);
  }

  /** A jar of one greeter class, built now and copied to DBFS with {@code kiln fs cp}. */
  private static void upload(String className, String greeting, String dbfsPath)
      throws IOException {
    Path dir = Files.createDirectories(temp.resolve(className));
    TestJars.compile(dir, className, TestJars.greeter(className, greeting));
    ok(kiln("fs", "cp", dir.resolve(className + ".jar").toString(), dbfsPath));
  }

  @Test
  @Order(1)
  void badInputIsOneErrorLineWithTheApisCodeAndChangesNothing() throws IOException {
    CliRun unknown = fails(kiln("libraries", "cluster-status", NO_CLUSTER), 1);
    assertThat(unknown.err()).startsWith("Error: RESOURCE_DOES_NOT_EXIST: ").hasLineCount(1);
    CliRun installUnknown =
        fails(kiln("libraries", "install", "--cluster-id", NO_CLUSTER, "--jar", GREETER), 1);
    assertThat(installUnknown.err()).startsWith("Error: RESOURCE_DOES_NOT_EXIST: ").hasLineCount(1);

    // JSON the API refuses: a library of no kind, and one of two kinds.
    CliRun empty =
        fails(
            kiln(
                "libraries",
                "install",
                "--json",
                "{\"cluster_id\":\"" + clusterId + "\",\"libraries\":[{}]}"),
            1);
    assertThat(empty.err()).startsWith("Error: INVALID_PARAMETER_VALUE: ").hasLineCount(1);
    Path twoKinds = temp.resolve("two-kinds.json");
    Files.writeString(
        twoKinds,
        "{\"cluster_id\":\""
            + clusterId
            + "\",\"libraries\":[{\"jar\":\"dbfs:/a.jar\",\"whl\":\"dbfs:/a.whl\"}]}");
    CliRun both =
        fails(kiln("libraries", "install", "--json-file", twoKinds.toString(), "--wait"), 1);
    assertThat(both.err()).startsWith("Error: INVALID_PARAMETER_VALUE: ").hasLineCount(1);
    // JSON that is not JSON never reaches the API.
    CliRun broken =
        fails(kiln("libraries", "install", "--json", "{\"cluster_id\": \"" + clusterId), 1);
    assertThat(broken.err()).startsWith("Error: invalid JSON in --json at line 1").hasLineCount(1);
    CliRun noFile =
        fails(kiln("libraries", "uninstall", "--json-file", temp.resolve("no.json").toString()), 1);
    assertThat(noFile.err()).contains("no such file").hasLineCount(1);

    // Usage errors: exit 2.
    CliRun none = fails(kiln("libraries", "install", "--cluster-id", clusterId), 2);
    assertThat(none.err()).startsWith("Error: no library: give --jar");
    fails(kiln("libraries", "install", "--jar", GREETER), 2);
    fails(kiln("libraries", "install", "--cluster-id", clusterId, "--pypi-repo", "http://x"), 2);
    fails(
        kiln("libraries", "install", "--cluster-id", clusterId, "--jar", GREETER, "--json", "{}"),
        2);
    fails(
        kiln(
            "libraries",
            "install",
            "--cluster-id",
            clusterId,
            "--jar",
            GREETER,
            "--wait",
            "--timeout",
            "soon"),
        2);
    fails(kiln("libraries", "cluster-status"), 2);

    // Nothing was installed by any of it.
    assertThat(ok(kiln("libraries", "cluster-status", clusterId)).out().strip())
        .isEqualTo("Type  Library  Status  Message");
    JsonNode json = ok(kiln("libraries", "cluster-status", clusterId, "-o", "json")).json();
    assertThat(json.get("cluster_id").asText()).isEqualTo(clusterId);
    assertThat(json.path("library_statuses")).isEmpty();
  }

  @Test
  @Order(2)
  void aJarInstalledWithWaitIsInstalledAndUsable() throws IOException {
    CliRun installed =
        ok(kiln("libraries", "install", "--cluster-id", clusterId, "--jar", GREETER, "--wait"));
    // Not a terminal: plain progress lines, the last one all INSTALLED.
    assertThat(installed.err()).contains("libraries on " + clusterId + ": 1 INSTALLED");
    assertThat(installed.out()).containsPattern("jar +" + GREETER + " +INSTALLED");

    String status = ok(kiln("libraries", "cluster-status", clusterId)).out();
    assertThat(status.lines().findFirst().orElseThrow()).contains("Type", "Library", "Status");
    assertThat(status).containsPattern("(?m)^jar +" + GREETER + " +INSTALLED$");
    JsonNode json = ok(kiln("libraries", "cluster-status", clusterId, "-o", "json")).json();
    assertThat(json.get("library_statuses")).hasSize(1);
    JsonNode greeter = json.get("library_statuses").get(0);
    assertThat(greeter.get("library").get("jar").asText()).isEqualTo(GREETER);
    assertThat(greeter.get("status").asText()).isEqualTo("INSTALLED");

    assertThat(ok(kiln("libraries", "all-cluster-statuses")).out())
        .containsPattern(clusterId + " +jar +" + GREETER + " +INSTALLED");
    JsonNode all = ok(kiln("libraries", "all-cluster-statuses", "-o", "json")).json();
    assertThat(all.get("statuses").findValuesAsText("cluster_id")).contains(clusterId);

    // It is really there: the driver's Scala has the class.
    CliRun used =
        ok(
            kiln(
                "exec",
                "-c",
                clusterId,
                "-l",
                "scala",
                "-e",
                "new kiln.clilibs.Greeter().hello()"));
    assertThat(used.out()).contains("hi from the command line");
  }

  @Test
  @Order(3)
  void aLibraryThatFailsFailsTheWaitWithItsMessage() throws IOException {
    Path request = temp.resolve("missing.json");
    Files.writeString(
        request,
        "{\"cluster_id\":\"" + clusterId + "\",\"libraries\":[{\"jar\":\"" + MISSING + "\"}]}");
    CliRun failed =
        fails(kiln("libraries", "install", "--json-file", request.toString(), "--wait"), 1);
    assertThat(failed.err())
        .containsPattern("(?m)^Error: library jar " + MISSING + " FAILED: .*does not exist");
    assertThat(ok(kiln("libraries", "cluster-status", clusterId)).out())
        .containsPattern("jar +" + MISSING + " +FAILED +.*does not exist");
  }

  @Test
  @Order(4)
  void aWaitThatTimesOutExitsThreeAndTheInstallGoesOn() throws IOException {
    // An index that takes connections and never answers: pip waits on it until it closes.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      String index = "http://127.0.0.1:" + silent.getLocalPort() + "/simple";
      CliRun late =
          fails(
              kiln(
                  "libraries",
                  "install",
                  "--cluster-id",
                  clusterId,
                  "--pypi-package",
                  "kiln-cli-slow==1.0",
                  "--pypi-repo",
                  index,
                  "--wait",
                  "--timeout",
                  "2s"),
              3);
      assertThat(late.err())
          .containsPattern(
              "(?m)^Error: timed out after 2s waiting for libraries on cluster "
                  + clusterId
                  + "; they are 1 (PENDING|RESOLVING|INSTALLING)$");
      assertThat(ok(kiln("libraries", "cluster-status", clusterId)).out())
          .containsPattern("pypi +kiln-cli-slow==1.0 +(PENDING|RESOLVING|INSTALLING)");
    }

    // A wait that ends prints the requested libraries' statuses (the API's shape in JSON).
    JsonNode done =
        ok(kiln(
                "libraries",
                "install",
                "--cluster-id",
                clusterId,
                "--jar",
                SECOND,
                "--wait",
                "-o",
                "json"))
            .json();
    assertThat(done.get("cluster_id").asText()).isEqualTo(clusterId);
    assertThat(done.get("library_statuses")).hasSize(1);
    assertThat(done.get("library_statuses").get(0).get("library").get("jar").asText())
        .isEqualTo(SECOND);
    assertThat(done.get("library_statuses").get(0).get("status").asText()).isEqualTo("INSTALLED");
  }

  @Test
  @Order(5)
  void uninstallMarksLibrariesForTheNextRestart() throws IOException {
    ok(kiln("libraries", "uninstall", "--cluster-id", clusterId, "--jar", GREETER));
    ok(
        kiln(
            "libraries",
            "uninstall",
            "--json",
            "{\"cluster_id\":\"" + clusterId + "\",\"libraries\":[{\"jar\":\"" + SECOND + "\"}]}"));
    String status = ok(kiln("libraries", "cluster-status", clusterId)).out();
    assertThat(status)
        .containsPattern("jar +" + GREETER + " +UNINSTALL_ON_RESTART")
        .containsPattern("jar +" + SECOND + " +UNINSTALL_ON_RESTART");
  }

  @Test
  @Order(6)
  void everyKindOfFlagBecomesTheApisLibrary() throws IOException {
    // Nothing here can be fetched: a missing wheel, indexes on a closed port, and R.
    String deadIndex = "http://127.0.0.1:9/simple";
    String deadRepo = "http://127.0.0.1:9/maven";
    CliRun failed =
        fails(
            kiln(
                "libraries",
                "install",
                "--cluster-id",
                clusterId,
                "--whl",
                "dbfs:/cli-libs/missing-1.0-py3-none-any.whl",
                "--pypi-package",
                "kiln-cli-nosuch==1.0",
                "--pypi-repo",
                deadIndex,
                "--maven-coordinates",
                "dev.kiln.nosuch:cli-nosuch:1.0",
                "--maven-repo",
                deadRepo,
                "--maven-exclusion",
                "org.slf4j:slf4j-api",
                "--cran-package",
                "ggplot2",
                "--wait"),
            1);
    assertThat(failed.err()).containsPattern("(?m)^Error: library .* FAILED");

    JsonNode json = ok(kiln("libraries", "cluster-status", clusterId, "-o", "json")).json();
    List<JsonNode> libraries = new ArrayList<>();
    json.get("library_statuses").forEach(s -> libraries.add(s.get("library")));
    assertThat(libraries)
        .anySatisfy(
            l ->
                assertThat(l.path("whl").asText())
                    .isEqualTo("dbfs:/cli-libs/missing-1.0-py3-none-any.whl"))
        .anySatisfy(
            l -> {
              assertThat(l.path("pypi").path("package").asText()).isEqualTo("kiln-cli-nosuch==1.0");
              assertThat(l.path("pypi").path("repo").asText()).isEqualTo(deadIndex);
            })
        .anySatisfy(
            l -> {
              JsonNode maven = l.path("maven");
              assertThat(maven.path("coordinates").asText())
                  .isEqualTo("dev.kiln.nosuch:cli-nosuch:1.0");
              assertThat(maven.path("repo").asText()).isEqualTo(deadRepo);
              assertThat(maven.path("exclusions").get(0).asText()).isEqualTo("org.slf4j:slf4j-api");
            })
        .anySatisfy(l -> assertThat(l.path("cran").path("package").asText()).isEqualTo("ggplot2"));
  }

  @Test
  @Order(7)
  void aWaitOnATerminatedClusterFailsAtOnce() throws Exception {
    admin.clusters().delete(clusterId).get(Duration.ofMinutes(3));
    CliRun waited =
        fails(
            kiln("libraries", "install", "--cluster-id", clusterId, "--jar", GREETER, "--wait"), 1);
    assertThat(waited.err())
        .startsWith("Error: cluster " + clusterId + " is TERMINATED: its libraries install when")
        .hasLineCount(1);
    // The install itself was taken: it waits for the cluster's start.
    assertThat(ok(kiln("libraries", "cluster-status", clusterId)).out())
        .containsPattern("jar +" + GREETER + " +PENDING");
  }
}
