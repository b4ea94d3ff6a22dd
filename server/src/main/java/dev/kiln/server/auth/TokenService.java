package dev.kiln.server.auth;

import dev.kiln.model.auth.CreateTokenResponse;
import dev.kiln.model.auth.PublicTokenInfo;
import dev.kiln.model.auth.TokenInfo;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Principal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Personal access tokens: issues them, lists them and checks them on every call. A token is 128
 * random bits, so a plain SHA-256 is enough to keep it safe at rest and fast to check.
 */
public final class TokenService {
  /** What a token is valid for when the caller does not say. */
  static final Duration DEFAULT_LIFETIME = Duration.ofDays(2 * 365);

  static final int MAX_TOKENS_PER_USER = 600;

  /** A token's last use is written at most this often, to keep the auth path read-only. */
  private static final long TOUCH_INTERVAL_MS = 60_000;

  private final Jdbi jdbi;

  /** Each call takes a connection of its own: the auth path needs no transaction. */
  private final TokenDao tokens;

  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public TokenService(Jdbi jdbi, Clock clock) {
    this.jdbi = jdbi;
    this.tokens = jdbi.onDemand(TokenDao.class);
    this.clock = clock;
  }

  /** A new token of {@code userId}; {@code lifetimeSeconds} null means the default lifetime. */
  public CreateTokenResponse create(long userId, Long lifetimeSeconds, String comment) {
    Issued issued = issue(userId, lifetimeSeconds, comment);
    return new CreateTokenResponse(issued.value(), publicInfo(issued.token()));
  }

  /** A token that never expires, for the admin created at first start. */
  public String createPermanent(long userId, String comment) {
    return issue(userId, -1L, comment).value();
  }

  record Issued(String value, Token token) {}

  Issued issue(long userId, Long lifetimeSeconds, String comment) {
    long now = clock.millis();
    long expiry;
    if (lifetimeSeconds == null || lifetimeSeconds == 0) {
      expiry = now + DEFAULT_LIFETIME.toMillis();
    } else if (lifetimeSeconds == -1) {
      expiry = -1;
    } else if (lifetimeSeconds < 0) {
      throw ApiException.invalid("lifetime_seconds must be positive, got " + lifetimeSeconds);
    } else if (lifetimeSeconds > Long.MAX_VALUE / 2000 - now / 1000) {
      throw ApiException.invalid("lifetime_seconds is too large: " + lifetimeSeconds);
    } else {
      expiry = now + lifetimeSeconds * 1000;
    }
    if (comment != null && comment.length() > 1000) {
      throw ApiException.invalid("comment must be at most 1000 characters");
    }
    String value = "dapi" + hex(16);
    Token token = new Token(hex(32), sha256(value), userId, comment, now, expiry, null);
    jdbi.useTransaction(
        h -> {
          TokenDao dao = h.attach(TokenDao.class);
          if (dao.countByUser(userId) >= MAX_TOKENS_PER_USER) {
            throw new ApiException(
                ErrorCode.QUOTA_EXCEEDED,
                "Cannot create more than " + MAX_TOKENS_PER_USER + " tokens per user");
          }
          dao.insert(token);
        });
    return new Issued(value, token);
  }

  public List<PublicTokenInfo> list(long userId) {
    return jdbi.withExtension(TokenDao.class, dao -> dao.byUser(userId)).stream()
        .map(TokenService::publicInfo)
        .toList();
  }

  /** Deletes a token of {@code userId}; another user's token is reported as not found. */
  public void delete(long userId, String tokenId) {
    ApiException.required(tokenId, "token_id");
    jdbi.useExtension(
        TokenDao.class,
        dao -> {
          Token token =
              dao.byId(tokenId)
                  .filter(t -> t.userId() == userId)
                  .orElseThrow(() -> ApiException.notFound("Token " + tokenId + " does not exist"));
          dao.delete(token.tokenId());
        });
  }

  /** Every token with its owner, for admins. */
  public List<TokenInfo> listAll(String workspaceId) {
    return jdbi.withHandle(
        h -> {
          UserDao users = h.attach(UserDao.class);
          return h.attach(TokenDao.class).all().stream()
              .map(t -> adminInfo(t, users.byId(t.userId()).orElseThrow(), workspaceId))
              .toList();
        });
  }

  public TokenInfo getAny(String tokenId, String workspaceId) {
    return listAll(workspaceId).stream()
        .filter(t -> t.tokenId().equals(tokenId))
        .findFirst()
        .orElseThrow(() -> ApiException.notFound("Token " + tokenId + " does not exist"));
  }

  public void deleteAny(String tokenId) {
    if (jdbi.withExtension(TokenDao.class, dao -> dao.delete(tokenId)) == 0) {
      throw ApiException.notFound("Token " + tokenId + " does not exist");
    }
  }

  /** The principal of an {@code Authorization} header value, or 401. */
  public Principal authenticate(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw new ApiException(
          ErrorCode.UNAUTHENTICATED, "Missing credentials: send 'Authorization: Bearer <token>'");
    }
    String value = authorization.substring(7).trim();
    long now = clock.millis();
    Credential credential =
        tokens
            .credential(sha256(value))
            .filter(c -> c.validAt(now))
            .orElseThrow(TokenService::invalidToken);
    Long last = credential.lastAccessedTime();
    if (last == null || now - last >= TOUCH_INTERVAL_MS) {
      tokens.touch(credential.tokenId(), now);
    }
    return credential.principal();
  }

  private static ApiException invalidToken() {
    return new ApiException(ErrorCode.UNAUTHENTICATED, "Invalid access token");
  }

  static PublicTokenInfo publicInfo(Token t) {
    return new PublicTokenInfo(
        t.tokenId(), t.comment(), t.creationTime(), t.expiryTime(), t.lastAccessedTime());
  }

  static TokenInfo adminInfo(Token t, User owner, String workspaceId) {
    return new TokenInfo(
        t.tokenId(),
        t.comment(),
        t.creationTime(),
        t.expiryTime(),
        owner.id(),
        owner.userName(),
        owner.id(),
        workspaceId);
  }

  private String hex(int bytes) {
    byte[] b = new byte[bytes];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static String sha256(String value) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }
}
