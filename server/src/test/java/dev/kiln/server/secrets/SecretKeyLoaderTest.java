package dev.kiln.server.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.server.KilnServer;
import dev.kiln.server.config.KilnConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretKeyLoaderTest {
  @TempDir Path home;

  @Test
  void createsAPrivateKeyFileAtFirstStartAndReusesIt() throws Exception {
    byte[] first = SecretKeyLoader.load(null, home);
    Path file = home.resolve("secrets.key");
    assertThat(first).hasSize(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(Base64.getDecoder().decode(Files.readString(file).trim())).isEqualTo(first);
    assertThat(SecretKeyLoader.load(null, home)).isEqualTo(first);
    assertThat(home.resolve("secrets.key.tmp")).doesNotExist();
  }

  @Test
  void theConfiguredKeyWinsAndNoFileIsWritten() throws Exception {
    byte[] key = new byte[32];
    key[0] = 7;
    String configured = Base64.getEncoder().encodeToString(key);
    assertThat(SecretKeyLoader.load(" " + configured + "\n", home)).isEqualTo(key);
    assertThat(home.resolve("secrets.key")).doesNotExist();
  }

  @Test
  void malformedConfiguredKeysFailNamingTheSetting() {
    assertThatThrownBy(() -> SecretKeyLoader.load("not*base64", home))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("KILN_SECRETS_KEY")
        .hasMessageContaining("base64");
    String shortKey = Base64.getEncoder().encodeToString(new byte[16]);
    assertThatThrownBy(() -> SecretKeyLoader.load(shortKey, home))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secrets.key")
        .hasMessageContaining("32 bytes")
        .hasMessageContaining("16")
        .hasMessageNotContaining(shortKey);
  }

  @Test
  void aMalformedKeyFileFailsNamingTheFile() throws Exception {
    Files.writeString(home.resolve("secrets.key"), "tooshort\n");
    assertThatThrownBy(() -> SecretKeyLoader.load(null, home))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(home.resolve("secrets.key").toString());
  }

  @Test
  void theServerRefusesToStartWithAMalformedKeyBeforeTouchingTheStore() {
    KilnConfig defaults = KilnConfig.defaults(home).withPort(0);
    KilnConfig config =
        new KilnConfig(
            defaults.home(),
            defaults.host(),
            0,
            defaults.dbUrl(),
            null,
            null,
            defaults.dbfsRoot(),
            "bm90IGEga2V5",
            defaults.maxBodyBytes(),
            defaults.compute());
    assertThatThrownBy(() -> KilnServer.start(config, Clock.systemUTC()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("secrets.key");
    assertThat(home.resolve("db")).doesNotExist();
  }
}
