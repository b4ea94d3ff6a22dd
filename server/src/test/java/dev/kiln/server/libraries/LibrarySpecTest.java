package dev.kiln.server.libraries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.model.libraries.Library;
import dev.kiln.model.libraries.MavenLibrary;
import dev.kiln.model.libraries.PythonPyPiLibrary;
import dev.kiln.model.libraries.RCranLibrary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a library must look like, what Kiln cannot install, and when two libraries are one. */
class LibrarySpecTest {
  static Library jar(String path) {
    return new Library(path, null, null, null, null, null, null);
  }

  static Library whl(String path) {
    return new Library(null, path, null, null, null, null, null);
  }

  static Library egg(String path) {
    return new Library(null, null, path, null, null, null, null);
  }

  static Library requirements(String path) {
    return new Library(null, null, null, path, null, null, null);
  }

  static Library pypi(String spec, String repo) {
    return new Library(null, null, null, null, new PythonPyPiLibrary(spec, repo), null, null);
  }

  static Library maven(String coordinates, String repo, List<String> exclusions) {
    return new Library(
        null, null, null, null, null, new MavenLibrary(coordinates, repo, exclusions), null);
  }

  static Library cran(String name) {
    return new Library(null, null, null, null, null, null, new RCranLibrary(name, null));
  }

  private static void refused(Library library, String message) {
    assertThatThrownBy(() -> LibrarySpec.of(library))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aLibraryHasExactlyOneKind() {
    refused(new Library(null, null, null, null, null, null, null), "exactly one of");
    refused(new Library(null, null, null, null, null, null, null), "got none");
    refused(
        new Library("dbfs:/a.jar", "dbfs:/a.whl", null, null, null, null, null), "got jar, whl");
    refused(null, "must not be null");
    assertThat(LibrarySpec.of(jar("dbfs:/a.jar")).kind()).isEqualTo(LibrarySpec.Kind.JAR);
    assertThat(LibrarySpec.of(cran("ggplot2")).kind()).isEqualTo(LibrarySpec.Kind.CRAN);
  }

  @Test
  void filesAreDbfsUrisOrAbsoluteWorkspacePaths() {
    LibrarySpec.of(jar("dbfs:/libs/a.jar"));
    LibrarySpec.of(jar("/Workspace/Shared/a.jar"));
    LibrarySpec.of(jar("/Users/ann@example.com/a.jar"));
    LibrarySpec.of(requirements("dbfs:/libs/requirements.txt"));
    refused(jar(""), "Missing required field: jar");
    refused(jar("a.jar"), "absolute workspace path");
    refused(jar("dbfs:a.jar"), "absolute dbfs:/ path");
    refused(requirements("  "), "Missing required field: requirements");
  }

  @Test
  void aWheelMustBeNamedAsOne() {
    LibrarySpec.of(whl("dbfs:/w/pkg-1.0-py3-none-any.whl"));
    refused(whl("dbfs:/w/pkg.zip"), "*.whl");
  }

  @Test
  void pypiNeedsARequirementAndAnHttpIndex() {
    LibrarySpec.of(pypi("simplejson==3.8.0", null));
    LibrarySpec.of(pypi("requests[socks]>=2", "https://pypi.example.com/simple"));
    refused(pypi(null, null), "Missing required field: pypi.package");
    refused(pypi("--index-url=http://evil", null), "must be a requirement");
    refused(pypi("six", "file:///tmp/index"), "pypi.repo must be an http(s) URL");
  }

  @Test
  void mavenNeedsGroupArtifactVersionAndExclusionsOfGroupAndArtifact() {
    LibrarySpec.of(maven("org.jsoup:jsoup:1.7.2", null, null));
    LibrarySpec.of(maven("a:b:1", "https://repo.example.com/maven2", List.of("org.slf4j:*")));
    refused(maven(null, null, null), "Missing required field: maven.coordinates");
    refused(maven("org.jsoup:jsoup", null, null), "groupId:artifactId:version");
    refused(maven("org.jsoup:jsoup:1.7.2:jar:x", null, null), "groupId:artifactId:version");
    refused(maven("org.jsoup::1.7.2", null, null), "groupId:artifactId:version");
    refused(maven("org jsoup:jsoup:1", null, null), "groupId:artifactId:version");
    refused(maven("a:b:1", null, List.of("slf4j")), "groupId:artifactId");
    refused(maven("a:b:1", "ftp://repo", null), "maven.repo must be an http(s) URL");
  }

  @Test
  void cranNeedsAPackage() {
    refused(new Library(null, null, null, null, null, null, new RCranLibrary(" ", null)), "cran");
  }

  @Test
  void whatKilnCannotInstallIsAcceptedWithAReason() {
    assertThat(LibrarySpec.of(egg("dbfs:/a.egg")).unsupported()).get().asString().contains("egg");
    assertThat(LibrarySpec.of(cran("ggplot2")).unsupported()).get().asString().contains("no R");
    assertThat(LibrarySpec.of(jar("/Volumes/main/default/libs/a.jar")).unsupported())
        .get()
        .asString()
        .contains("Unity Catalog volumes");
    assertThat(LibrarySpec.of(jar("s3://bucket/a.jar")).unsupported())
        .get()
        .asString()
        .contains("s3: paths are not supported");
    assertThat(
            LibrarySpec.of(whl("abfss://c@a.dfs.core.windows.net/p-1-py3-none-any.whl"))
                .unsupported())
        .isPresent();
    for (Library fine :
        List.of(
            jar("dbfs:/a.jar"),
            jar("DBFS:/a.jar"),
            jar("/Workspace/a.jar"),
            whl("/Shared/p-1-py3-none-any.whl"),
            requirements("dbfs:/r.txt"),
            pypi("six", null),
            maven("a:b:1", null, null))) {
      assertThat(LibrarySpec.of(fine).unsupported()).as("%s", fine).isEmpty();
    }
  }

  @Test
  void equalLibrariesHaveOneKeyWhateverTheirSpelling() {
    LibrarySpec plain = LibrarySpec.of(maven("a:b:1", null, null));
    assertThat(LibrarySpec.of(maven("a:b:1", null, List.of())).key()).isEqualTo(plain.key());
    assertThat(LibrarySpec.of(maven("a:b:1", "", null)).key()).isEqualTo(plain.key());
    assertThat(LibrarySpec.of(maven("a:b:2", null, null)).key()).isNotEqualTo(plain.key());
    assertThat(LibrarySpec.of(maven("a:b:1", null, List.of("c:d"))).key())
        .isNotEqualTo(plain.key());
    assertThat(LibrarySpec.of(jar("dbfs:/a.jar")).key())
        .isNotEqualTo(LibrarySpec.of(whl("dbfs:/a.jar.whl")).key());
    assertThat(plain.key()).hasSize(64);
  }

  @Test
  void theCanonicalFormHasSortedKeysAndReadsBack() {
    LibrarySpec spec =
        LibrarySpec.of(maven("a:b:1", "https://r.example.com/", List.of("x:y", "c:d")));
    assertThat(spec.canonicalJson())
        .isEqualTo(
            "{\"maven\":{\"coordinates\":\"a:b:1\",\"exclusions\":[\"x:y\",\"c:d\"],"
                + "\"repo\":\"https://r.example.com/\"}}");
    assertThat(LibrarySpec.read(spec.canonicalJson())).isEqualTo(spec.library());
    assertThat(LibrarySpec.of(pypi("six", null)).canonicalJson())
        .isEqualTo("{\"pypi\":{\"package\":\"six\"}}");
  }

  @Test
  void descriptionsNameTheKindAndWhat() {
    assertThat(LibrarySpec.of(maven("a:b:1", null, null)).describe()).isEqualTo("maven a:b:1");
    assertThat(LibrarySpec.of(jar("dbfs:/a.jar")).describe()).isEqualTo("jar dbfs:/a.jar");
    assertThat(LibrarySpec.of(jar(" dbfs:/a.jar ")).file()).isEqualTo("dbfs:/a.jar");
    assertThat(LibrarySpec.of(pypi("six", null)).file()).isNull();
  }
}
