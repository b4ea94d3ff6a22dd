package dev.kiln.server.auth;

import static dev.kiln.server.testing.ApiErrors.assertFailsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kiln.model.auth.CreateTokenResponse;
import dev.kiln.model.testing.TestClock;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.config.KilnConfig;
import dev.kiln.server.store.Database;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenServiceTest {
  @TempDir Path home;
  private Database db;
  private final TestClock clock = new TestClock(Instant.parse("2026-01-01T00:00:00Z"));
  private TokenService tokens;
  private long userId;

  @BeforeEach
  void open() throws Exception {
    db = Database.open(KilnConfig.defaults(home));
    tokens = new TokenService(db.jdbi(), clock);
    userId =
        new UserService(db.jdbi(), clock, u -> {}, u -> {}).create("ann", null, false, true).id();
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static String bearer(CreateTokenResponse r) {
    return "Bearer " + r.tokenValue();
  }

  @Test
  void aTokenWorksUntilItsExpiryAndNotAMillisecondLonger() {
    CreateTokenResponse t = tokens.create(userId, 60L, "short");
    clock.advance(Duration.ofSeconds(59));
    assertThat(tokens.authenticate(bearer(t)).userName()).isEqualTo("ann");
    clock.advance(Duration.ofSeconds(1));
    assertFailsWith(() -> tokens.authenticate(bearer(t)), ErrorCode.UNAUTHENTICATED);
  }

  @Test
  void withoutALifetimeATokenLastsTwoYears() {
    CreateTokenResponse t = tokens.create(userId, null, null);
    assertThat(t.tokenInfo().expiryTime() - t.tokenInfo().creationTime())
        .isEqualTo(TokenService.DEFAULT_LIFETIME.toMillis());
  }

  @Test
  void permanentTokensNeverExpire() {
    String value = tokens.createPermanent(userId, "admin");
    clock.advance(Duration.ofDays(3650));
    assertThat(tokens.authenticate("Bearer " + value).userId()).isEqualTo(userId);
    assertThat(tokens.list(userId).get(0).expiryTime()).isEqualTo(-1);
  }

  @Test
  void onlyTheHashIsStored() {
    CreateTokenResponse t = tokens.create(userId, 60L, null);
    String stored =
        db.jdbi()
            .withHandle(
                h -> h.createQuery("SELECT token_hash FROM tokens").mapTo(String.class).one());
    assertThat(stored)
        .isEqualTo(TokenService.sha256(t.tokenValue()))
        .doesNotContain(t.tokenValue());
  }

  @Test
  void lastUseIsRecordedAtMostOncePerMinute() {
    CreateTokenResponse t = tokens.create(userId, 3600L, null);
    tokens.authenticate(bearer(t));
    long first = tokens.list(userId).get(0).lastAccessedTime();
    clock.advance(Duration.ofSeconds(30));
    tokens.authenticate(bearer(t));
    assertThat(tokens.list(userId).get(0).lastAccessedTime()).isEqualTo(first);
    clock.advance(Duration.ofSeconds(31));
    tokens.authenticate(bearer(t));
    assertThat(tokens.list(userId).get(0).lastAccessedTime()).isEqualTo(clock.millis());
  }

  @Test
  void badLifetimesAndCommentsAreRefused() {
    assertThatThrownBy(() -> tokens.create(userId, -2L, null)).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> tokens.create(userId, Long.MAX_VALUE, null))
        .isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> tokens.create(userId, 10L, "x".repeat(1001)))
        .isInstanceOf(ApiException.class);
    assertThat(tokens.list(userId)).isEmpty();
  }

  @Test
  void headersOtherThanBearerAreUnauthenticated() {
    assertThatThrownBy(() -> tokens.authenticate(null)).isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> tokens.authenticate("Basic YWRtaW46eA=="))
        .isInstanceOf(ApiException.class);
    assertThatThrownBy(() -> tokens.authenticate("Bearer ")).isInstanceOf(ApiException.class);
  }

  @Test
  void anInactiveUsersTokensStopWorking() {
    long bob =
        new UserService(db.jdbi(), clock, u -> {}, u -> {}).create("bob", null, false, false).id();
    CreateTokenResponse t = tokens.create(bob, 60L, null);
    assertThatThrownBy(() -> tokens.authenticate(bearer(t))).isInstanceOf(ApiException.class);
  }

  @Test
  void aUserCannotDeleteAnotherUsersToken() {
    long bob =
        new UserService(db.jdbi(), clock, u -> {}, u -> {}).create("bob", null, false, true).id();
    CreateTokenResponse t = tokens.create(bob, 60L, null);
    assertThatThrownBy(() -> tokens.delete(userId, t.tokenInfo().tokenId()))
        .isInstanceOf(ApiException.class);
    assertThat(tokens.list(bob)).hasSize(1);
  }
}
