package dev.kiln.driver.connect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Token checks remembered briefly: a valid token for {@code goodFor}, a refused one for {@code
 * badFor} (shorter, so a token created a moment after a typo works soon). Tokens are kept only as
 * SHA-256 digests. An unavailable control plane is never remembered.
 */
public final class TokenCache {
  private static final int MAX_ENTRIES = 10_000;

  private record Entry(TokenVerdict verdict, long expiresAt) {}

  private final Function<String, TokenVerdict> check;
  private final Clock clock;
  private final Duration goodFor;
  private final Duration badFor;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public TokenCache(
      Function<String, TokenVerdict> check, Clock clock, Duration goodFor, Duration badFor) {
    this.check = check;
    this.clock = clock;
    this.goodFor = goodFor;
    this.badFor = badFor;
  }

  public TokenVerdict check(String token) {
    String key = digest(token);
    long now = clock.millis();
    Entry cached = entries.get(key);
    if (cached != null && cached.expiresAt() > now) {
      return cached.verdict();
    }
    TokenVerdict verdict = check.apply(token);
    Duration keep =
        switch (verdict) {
          case VALID -> goodFor;
          case INVALID -> badFor;
          case UNAVAILABLE -> Duration.ZERO;
        };
    if (keep.isZero()) {
      entries.remove(key);
    } else {
      if (entries.size() >= MAX_ENTRIES) {
        entries.values().removeIf(e -> e.expiresAt() <= now);
      }
      entries.put(key, new Entry(verdict, now + keep.toMillis()));
    }
    return verdict;
  }

  private static String digest(String token) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }
}
