package dev.kiln.server.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.model.clusters.SparkVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runtime catalog reads each runtime folder's runtime.json. */
public class RuntimeCatalogTest {
  public static final String KEY = "1.0.x-scala2.13";
  public static final String NAME = "Kiln Runtime 1.0 (includes Apache Spark 4.2.0, Scala 2.13)";

  public static Path runtime(Path dir, String json) throws Exception {
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("runtime.json"), json);
    return dir;
  }

  public static String descriptor(String key, String name) {
    return "{\"key\":\""
        + key
        + "\",\"name\":\""
        + name
        + "\",\"kiln_version\":\"0.1.0\",\"spark_version\":\"4.2.0\","
        + "\"scala_version\":\"2.13.18\",\"delta_version\":\"4.4.0\"}";
  }

  @Test
  void loadsARuntimeFolder(@TempDir Path dir) throws Exception {
    Path home = runtime(dir.resolve("kiln-runtime"), descriptor(KEY, NAME));
    RuntimeCatalog catalog = RuntimeCatalog.load(home);
    assertThat(catalog.versions()).containsExactly(new SparkVersion(KEY, NAME));
    KilnRuntime r = catalog.find(KEY).orElseThrow();
    assertThat(r)
        .isEqualTo(new KilnRuntime(KEY, NAME, "4.2.0", "2.13.18", "4.4.0", home.toAbsolutePath()));
    assertThat(catalog.find("13.3.x-scala2.12")).isEmpty();
    assertThat(catalog.find(null)).isEmpty();
    assertThat(catalog.keys()).containsExactly(KEY);
  }

  @Test
  void loadsSeveralInOrderAndRefusesDuplicateKeys(@TempDir Path dir) throws Exception {
    Path a = runtime(dir.resolve("a"), descriptor(KEY, NAME));
    Path b = runtime(dir.resolve("b"), descriptor("2.0.x-scala2.13", "Kiln Runtime 2.0"));
    assertThat(RuntimeCatalog.load(List.of(a, b)).keys()).containsExactly(KEY, "2.0.x-scala2.13");
    assertThatThrownBy(() -> RuntimeCatalog.load(List.of(a, a)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(KEY);
  }

  @Test
  void optionalVersionsMayBeAbsent(@TempDir Path dir) throws Exception {
    Path home = runtime(dir, "{\"key\":\"k\",\"name\":\"n\",\"spark_version\":\"4.2.0\"}");
    KilnRuntime r = RuntimeCatalog.load(home).find("k").orElseThrow();
    assertThat(r.scalaVersion()).isNull();
    assertThat(r.deltaVersion()).isNull();
  }

  @Test
  void refusesMissingOrBrokenDescriptors(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> RuntimeCatalog.load(dir.resolve("none")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runtime.json");
    Path noKey = runtime(dir.resolve("nokey"), "{\"name\":\"n\",\"spark_version\":\"4\"}");
    assertThatThrownBy(() -> RuntimeCatalog.load(noKey)).hasMessageContaining("has no key");
    Path notObject = runtime(dir.resolve("array"), "[]");
    assertThatThrownBy(() -> RuntimeCatalog.load(notObject)).hasMessageContaining("JSON object");
    Path unfiltered =
        runtime(
            dir.resolve("src"),
            "{\"key\":\"k\",\"name\":\"n\",\"spark_version\":\"${spark.version}\"}");
    assertThatThrownBy(() -> RuntimeCatalog.load(unfiltered)).hasMessageContaining("unfiltered");
  }

  @Test
  void theSourceDescriptorHasTheFieldsTheCatalogReads() throws Exception {
    Path source = Path.of("..", "runtime", "src", "main", "runtime", "runtime.json");
    if (Files.exists(source)) {
      String text = Files.readString(source);
      for (String field :
          List.of("key", "name", "spark_version", "scala_version", "delta_version")) {
        assertThat(text).contains("\"" + field + "\"");
      }
    }
  }
}
