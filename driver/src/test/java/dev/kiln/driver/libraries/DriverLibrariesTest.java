package dev.kiln.driver.libraries;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kiln.model.libraries.PythonPyPiLibrary;
import dev.kiln.model.node.libraries.NodeLibrary;
import dev.kiln.model.node.libraries.NodeLibraryState;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.spark.util.MutableURLClassLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A driver's library bookkeeping where no Spark is needed: failures, retries, the runtime. */
class DriverLibrariesTest {
  @TempDir Path temp;

  DriverLibraries libraries(Optional<Path> python) {
    return new DriverLibraries(
        null,
        new MutableURLClassLoader(new URL[0], getClass().getClassLoader()),
        temp.resolve("libraries"),
        List.of(),
        python);
  }

  static NodeLibraryState await(DriverLibraries libraries, String id) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      for (NodeLibraryState s : libraries.states()) {
        if (s.id().equals(id) && (s.status().equals("INSTALLED") || s.status().equals("FAILED"))) {
          return s;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(id + " did not settle: " + libraries.states());
  }

  static NodeLibrary jar(String id, Path file) {
    return new NodeLibrary(id, file.toString(), null, null, null, null);
  }

  @Test
  void aFileThatIsNotAJarFailsAndIsTriedAgainWhenSentAgain() throws Exception {
    try (DriverLibraries libraries = libraries(Optional.empty())) {
      Path text = Files.writeString(temp.resolve("notes.jar"), "not a zip");
      List<NodeLibraryState> first = libraries.submit(List.of(jar("j1", text)), null);
      assertThat(first).extracting(NodeLibraryState::status).containsExactly("INSTALLING");
      assertThat(await(libraries, "j1").message()).isEqualTo("The file notes.jar is not a jar");

      assertThat(libraries.submit(List.of(jar("j1", temp.resolve("gone.jar"))), null))
          .extracting(NodeLibraryState::status)
          .containsExactly("INSTALLING");
      assertThat(await(libraries, "j1").message()).contains("gone.jar is not there");
      assertThat(libraries.jars()).isEmpty();
    }
  }

  @Test
  void aLibraryAlreadyTakenIsNotQueuedAgain() throws Exception {
    try (DriverLibraries libraries = libraries(Optional.empty())) {
      NodeLibrary pypi =
          new NodeLibrary("p1", null, null, null, null, new PythonPyPiLibrary("six", null));
      libraries.submit(List.of(pypi), null);
      assertThat(await(libraries, "p1").message())
          .isEqualTo("This cluster has no Python to install Python libraries into");
      assertThat(libraries.pythonPath()).isEmpty();
      assertThat(libraries.states()).hasSize(1);
    }
  }

  @Test
  void theRuntimesSparkModulesAreNamedByArtifactId() throws Exception {
    Path jars = Files.createDirectories(temp.resolve("jars"));
    for (String name :
        List.of(
            "spark-sql_2.13-4.2.0.jar",
            "spark-common-utils-java_2.13-4.2.0.jar",
            "spark-core_2.13-4.3.0-SNAPSHOT.jar",
            "delta-spark_2.13-4.4.0.jar",
            "scala-library-2.13.18.jar")) {
      Files.createFile(jars.resolve(name));
    }
    assertThat(DriverLibraries.sparkModules(jars))
        .containsExactly("spark-common-utils-java_2.13", "spark-core_2.13", "spark-sql_2.13");
  }

  @Test
  void pipSaysWhatWentWrongInItsErrorLines() throws Exception {
    Path log =
        Files.writeString(
            temp.resolve("pip.log"),
            """
            Looking in indexes: https://pypi.org/simple
            ERROR: Could not find a version that satisfies the requirement nosuch
            ERROR: No matching distribution found for nosuch
            """);
    assertThat(PythonLibraries.tail(log))
        .isEqualTo(
            """
            ERROR: Could not find a version that satisfies the requirement nosuch
            ERROR: No matching distribution found for nosuch""");
    Path other = Files.writeString(temp.resolve("other.log"), "one\n\ntwo\n");
    assertThat(PythonLibraries.tail(other)).isEqualTo("one\ntwo");
  }
}
