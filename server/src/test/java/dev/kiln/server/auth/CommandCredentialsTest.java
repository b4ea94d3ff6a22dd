package dev.kiln.server.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.model.testing.TestClock;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Command credentials: what they name, and every way a changed or misused one is refused. */
class CommandCredentialsTest {
  private static final byte[] KEY = new byte[32];
  private static final CommandCredentials.Driver DRIVER =
      new CommandCredentials.Driver("c-1", 3, "i-driver");

  static {
    Arrays.fill(KEY, (byte) 7);
  }

  private final TestClock clock = new TestClock(Instant.parse("2024-05-01T10:00:00Z"));
  private final CommandCredentials credentials = new CommandCredentials(KEY, clock);

  private String mint() {
    return credentials.mint("ann@example.com", DRIVER, "ctx-1", Duration.ofHours(1));
  }

  @Test
  void aCredentialNamesItsUserContextAndExpiryToTheDriverItWasIssuedTo() {
    String credential = mint();
    assertThat(credential).startsWith("kcc1.").matches("kcc1\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    CommandCredentials.Claims claims = credentials.verify(credential, DRIVER);
    assertThat(claims.user()).isEqualTo("ann@example.com");
    assertThat(claims.clusterId()).isEqualTo("c-1");
    assertThat(claims.generation()).isEqualTo(3);
    assertThat(claims.instanceId()).isEqualTo("i-driver");
    assertThat(claims.contextId()).isEqualTo("ctx-1");
    assertThat(claims.expires()).isEqualTo(Instant.parse("2024-05-01T11:00:00Z"));
    // Two credentials for the same command are different (each has its own id).
    assertThat(mint()).isNotEqualTo(credential);
  }

  @Test
  void aTamperedPayloadIsRefused() {
    String[] parts = mint().split("\\.");
    String json = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
    String admin = json.replace("ann@example.com", "admin");
    assertThat(admin).isNotEqualTo(json);
    String forged =
        parts[0]
            + "."
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(admin.getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertRefused(forged, DRIVER, ErrorCode.UNAUTHENTICATED, "not issued by this control plane");
  }

  @Test
  void aCredentialMadeWithAnotherKeyIsRefused() {
    byte[] other = KEY.clone();
    other[0] = 8;
    String foreign =
        new CommandCredentials(other, clock)
            .mint("ann@example.com", DRIVER, "ctx-1", Duration.ofHours(1));
    assertRefused(foreign, DRIVER, ErrorCode.UNAUTHENTICATED, "not issued by this control plane");
    // the same key verifies it: the refusal above is the key's doing
    assertThat(new CommandCredentials(other, clock).verify(foreign, DRIVER).user())
        .isEqualTo("ann@example.com");
  }

  @Test
  void anExpiredCredentialIsRefused() {
    String credential = mint();
    clock.advance(Duration.ofMinutes(59));
    assertThat(credentials.verify(credential, DRIVER).user()).isEqualTo("ann@example.com");
    clock.advance(Duration.ofMinutes(1));
    assertRefused(credential, DRIVER, ErrorCode.UNAUTHENTICATED, "expired");
  }

  @Test
  void anotherClusterGenerationOrDriverCannotUseIt() {
    String credential = mint();
    assertRefused(
        credential,
        new CommandCredentials.Driver("c-2", 3, "i-driver"),
        ErrorCode.PERMISSION_DENIED,
        "another cluster");
    assertRefused(
        credential,
        new CommandCredentials.Driver("c-1", 4, "i-driver"),
        ErrorCode.PERMISSION_DENIED,
        "another cluster");
    assertRefused(
        credential,
        new CommandCredentials.Driver("c-1", 3, "i-worker"),
        ErrorCode.PERMISSION_DENIED,
        "another cluster");
  }

  @Test
  void aDestroyedContextsCredentialsAreRefusedAndOthersStillWork() {
    String credential = mint();
    String other = credentials.mint("ann@example.com", DRIVER, "ctx-2", Duration.ofHours(1));
    credentials.revokeContext("c-1", "ctx-1");
    assertRefused(credential, DRIVER, ErrorCode.UNAUTHENTICATED, "destroyed");
    assertThat(credentials.verify(other, DRIVER).contextId()).isEqualTo("ctx-2");
  }

  @Test
  void malformedCredentialsAreRefused() {
    String good = mint();
    String[] parts = good.split("\\.");
    for (String bad :
        new String[] {
          "",
          "  ",
          "admin",
          "kcc1.",
          "kcc1..",
          "kcc2." + parts[1] + "." + parts[2],
          parts[1] + "." + parts[2],
          good + ".x",
          parts[0] + "." + parts[1] + ".%%%",
          parts[0] + "." + parts[1] + "." + parts[2].substring(1),
          good + "x".repeat(5000)
        }) {
      assertThatThrownBy(() -> credentials.verify(bad, DRIVER))
          .as(bad)
          .isInstanceOfSatisfying(
              ApiException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    }
    assertRefused(null, DRIVER, ErrorCode.UNAUTHENTICATED, "A command credential is required");
  }

  @Test
  void theMacKeyIsDerivedAndNeverTheRootKeyItself() {
    byte[] derived = CommandCredentials.derive(KEY);
    assertThat(derived).hasSize(32).isNotEqualTo(KEY);
    assertThat(CommandCredentials.derive(KEY)).isEqualTo(derived);
    assertThatThrownBy(() -> new CommandCredentials(new byte[16], clock))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void mintingNeedsAUserAContextAndALifetime() {
    assertThatThrownBy(() -> credentials.mint(" ", DRIVER, "ctx", Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> credentials.mint("ann", DRIVER, null, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> credentials.mint("ann", DRIVER, "ctx", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private void assertRefused(
      String credential, CommandCredentials.Driver caller, ErrorCode code, String message) {
    assertThatThrownBy(() -> credentials.verify(credential, caller))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(code))
        .hasMessageContaining(message);
  }
}
