package dev.kiln.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path home;

  @Test
  void defaultsAreEmbeddedH2OnLoopbackPort8080() throws Exception {
    KilnConfig c = ConfigLoader.load(home, Map.of(), Map.of());
    assertThat(c.host()).isEqualTo("127.0.0.1");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.isPostgres()).isFalse();
    assertThat(c.dbUrl())
        .startsWith("jdbc:h2:file:" + home.toAbsolutePath())
        .contains("WRITE_DELAY=0");
    assertThat(c.dbfsRoot()).isEqualTo(home.toAbsolutePath().resolve("dbfs"));
    assertThat(c.secretsKey()).isNull();
  }

  @Test
  void fileThenEnvironmentThenFlagsEachOverrideTheOneBefore() throws Exception {
    Files.writeString(
        home.resolve("kiln.conf"), "port=9000\nhost=127.0.0.2\ndb.url=jdbc:postgresql://db/kiln\n");
    KilnConfig fromFile = ConfigLoader.load(home, Map.of(), Map.of());
    assertThat(fromFile.port()).isEqualTo(9000);
    assertThat(fromFile.isPostgres()).isTrue();

    KilnConfig fromEnv = ConfigLoader.load(home, Map.of("KILN_PORT", "9100"), Map.of());
    assertThat(fromEnv.port()).isEqualTo(9100);
    assertThat(fromEnv.host()).isEqualTo("127.0.0.2");

    KilnConfig fromFlag =
        ConfigLoader.load(home, Map.of("KILN_PORT", "9100"), Map.of("port", "9200"));
    assertThat(fromFlag.port()).isEqualTo(9200);
  }

  @Test
  void aMetastorePreparedByHandComesFromTheFileOrTheEnvironment() throws Exception {
    assertThat(ConfigLoader.load(home, Map.of(), Map.of()).metastore())
        .isEqualTo(KilnConfig.MetastoreConfig.defaults());
    Files.writeString(
        home.resolve("kiln.conf"),
        "metastore.url=jdbc:postgresql://db/hive\nmetastore.user=hive\n");
    KilnConfig c = ConfigLoader.load(home, Map.of("KILN_METASTORE_PASSWORD", "pw"), Map.of());
    assertThat(c.metastore())
        .isEqualTo(new KilnConfig.MetastoreConfig(0, "jdbc:postgresql://db/hive", "hive", "pw"));

    Files.writeString(home.resolve("kiln.conf"), "metastore.user=hive\n");
    assertThatThrownBy(() -> ConfigLoader.load(home, Map.of(), Map.of()))
        .hasMessageContaining("metastore.url");
  }

  @Test
  void nodeJvmOptionsAreXxFlagsSplitOnWhitespace() throws Exception {
    assertThat(ConfigLoader.load(home, Map.of(), Map.of()).compute().nodeJvmOptions()).isEmpty();
    Files.writeString(
        home.resolve("kiln.conf"),
        "compute.node_jvm_options=-XX:TieredStopAtLevel=1   -XX:+UseSerialGC\n");
    assertThat(ConfigLoader.load(home, Map.of(), Map.of()).compute().nodeJvmOptions())
        .containsExactly("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    // Heap, properties and the class path are Kiln's to set: only -XX: flags are taken.
    Files.writeString(home.resolve("kiln.conf"), "compute.node_jvm_options=-Xmx8g\n");
    assertThatThrownBy(() -> ConfigLoader.load(home, Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("-Xmx8g");
  }

  @Test
  void unknownKeysInTheFileFailAtStart() throws Exception {
    Files.writeString(home.resolve("kiln.conf"), "prot=9000\n");
    assertThatThrownBy(() -> ConfigLoader.load(home, Map.of(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("prot");
  }

  @Test
  void badValuesFailWithTheKeyNamed() {
    assertThatThrownBy(() -> ConfigLoader.load(home, Map.of("KILN_PORT", "eighty"), Map.of()))
        .hasMessageContaining("port");
    assertThatThrownBy(() -> ConfigLoader.load(home, Map.of("KILN_PORT", "70000"), Map.of()))
        .hasMessageContaining("port");
    assertThatThrownBy(() -> ConfigLoader.load(home, Map.of(), Map.of("nope", "1")))
        .hasMessageContaining("nope");
  }

  @Test
  void envNamesFollowTheKeys() {
    assertThat(ConfigLoader.envName("db.url")).isEqualTo("KILN_DB_URL");
    assertThat(ConfigLoader.envName("max_body_bytes")).isEqualTo("KILN_MAX_BODY_BYTES");
  }

  @Test
  void homeComesFromKilnHomeOrTheUsersHome() {
    assertThat(ConfigLoader.defaultHome(Map.of("KILN_HOME", "/srv/kiln")))
        .isEqualTo(Path.of("/srv/kiln"));
    assertThat(ConfigLoader.defaultHome(Map.of()).getFileName().toString()).isEqualTo(".kiln");
  }
}
