package dev.kiln.driver.libraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.model.libraries.MavenLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Maven resolution against a repository laid out in a temporary folder: dependencies come along,
 * exclusions and the runtime's Spark modules stay out, and what is not there fails by name.
 */
class MavenResolverTest {
  @TempDir Path temp;
  Path repo;
  MavenResolver resolver;

  @BeforeEach
  void repository() throws IOException {
    repo = Files.createDirectories(temp.resolve("repo"));
    artifact(
        "t.app",
        "app",
        "1.0",
        dep("t.lib", "lib", "2.0"),
        dep("org.apache.spark", "spark-sql_2.13", "4.2.0"));
    artifact("t.lib", "lib", "2.0", dep("t.deep", "deep", "3.0"));
    artifact("t.deep", "deep", "3.0");
    artifact("org.apache.spark", "spark-sql_2.13", "4.2.0");
    resolver =
        new MavenResolver(temp.resolve("cache"), List.of("spark-sql_2.13", "spark-core_2.13"));
  }

  static String dep(String group, String artifact, String version) {
    return "<dependency><groupId>"
        + group
        + "</groupId><artifactId>"
        + artifact
        + "</artifactId><version>"
        + version
        + "</version></dependency>";
  }

  void artifact(String group, String artifact, String version, String... dependencies)
      throws IOException {
    Path dir =
        Files.createDirectories(
            repo.resolve(group.replace('.', '/')).resolve(artifact).resolve(version));
    String pom =
        "<project><modelVersion>4.0.0</modelVersion><groupId>"
            + group
            + "</groupId><artifactId>"
            + artifact
            + "</artifactId><version>"
            + version
            + "</version><dependencies>"
            + String.join("", dependencies)
            + "</dependencies></project>";
    Files.writeString(dir.resolve(artifact + "-" + version + ".pom"), pom);
    Files.write(dir.resolve(artifact + "-" + version + ".jar"), new byte[] {'P', 'K', 3, 4});
  }

  List<String> names(List<Path> jars) {
    return jars.stream().map(p -> p.getFileName().toString()).sorted().toList();
  }

  MavenLibrary library(String coordinates, List<String> exclusions) {
    return new MavenLibrary(coordinates, repo.toUri().toString(), exclusions);
  }

  @Test
  void aLibraryComesWithItsDependenciesButNotWithSpark() throws Exception {
    assertThat(names(resolver.resolve(library("t.app:app:1.0", null))))
        .containsExactly("app-1.0.jar", "deep-3.0.jar", "lib-2.0.jar");
  }

  @Test
  void exclusionsLeaveOutADependencyAndWhatOnlyItBrings() throws Exception {
    assertThat(names(resolver.resolve(library("t.app:app:1.0", List.of("t.lib:lib")))))
        .containsExactly("app-1.0.jar");
    assertThat(names(resolver.resolve(library("t.app:app:1.0", List.of("t.deep:*")))))
        .containsExactly("app-1.0.jar", "lib-2.0.jar");
  }

  @Test
  void whatTheRepositoryDoesNotHaveFailsByName() {
    assertThatThrownBy(() -> resolver.resolve(library("t.app:nothing:9", null)))
        .isInstanceOf(LibraryFailure.class)
        .hasMessageContaining("t.app:nothing:9")
        .hasMessageContaining(repo.toUri().toString());
    assertThatThrownBy(() -> resolver.resolve(library("t.app:app", null)))
        .isInstanceOf(LibraryFailure.class)
        .hasMessageContaining("groupId:artifactId:version");
    assertThatThrownBy(() -> resolver.resolve(library("t.app:app:1.0", List.of("bad"))))
        .isInstanceOf(LibraryFailure.class)
        .hasMessageContaining("groupId:artifactId");
  }
}
