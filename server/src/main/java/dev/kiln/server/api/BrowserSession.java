package dev.kiln.server.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.time.Duration;

/**
 * How the web UI stays signed in without any page being able to read the token: the token travels
 * once in the sign-in request and then lives in an {@code HttpOnly} cookie that scripts cannot
 * read, sent only by Kiln's own pages ({@code SameSite=Strict}). Requests authenticated by that
 * cookie that change state must carry {@link #CSRF_HEADER}: a custom header no form and no
 * cross-origin page can add without a CORS preflight, which Kiln never grants.
 */
public final class BrowserSession {
  /** The cookie holding the signed-in user's token. */
  public static final String COOKIE = "kiln_session";

  /** The header that marks a request as sent by Kiln's own UI. */
  public static final String CSRF_HEADER = "X-Kiln-Csrf";

  /** How long a browser keeps the session; a revoked or expired token ends it sooner. */
  static final Duration MAX_AGE = Duration.ofDays(7);

  private BrowserSession() {}

  /** Sets the session cookie to the token. */
  public static void start(Context ctx, String token) {
    ctx.header("Set-Cookie", cookie(token, MAX_AGE.toSeconds(), secure(ctx)));
  }

  /** Clears the session cookie. */
  public static void end(Context ctx) {
    ctx.header("Set-Cookie", cookie("", 0, secure(ctx)));
  }

  static String cookie(String value, long maxAgeSeconds, boolean secure) {
    return COOKIE
        + "="
        + value
        + "; Path=/; Max-Age="
        + maxAgeSeconds
        + "; HttpOnly; SameSite=Strict"
        + (secure ? "; Secure" : "");
  }

  /** Served over HTTPS, directly or behind a TLS-terminating proxy. */
  static boolean secure(Context ctx) {
    return "https".equalsIgnoreCase(ctx.scheme())
        || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
  }

  /** GET, HEAD and OPTIONS read; everything else changes state. */
  static boolean changesState(Context ctx) {
    HandlerType method = ctx.method();
    return method != HandlerType.GET && method != HandlerType.HEAD && method != HandlerType.OPTIONS;
  }

  /** Refuses a cookie-authenticated request that changes state without the UI's marker. */
  static void checkCsrf(Context ctx) {
    if (changesState(ctx) && !"1".equals(ctx.header(CSRF_HEADER))) {
      throw ApiException.denied(
          "A request signed in by the session cookie that changes state needs the header "
              + CSRF_HEADER
              + ": 1 (API clients send 'Authorization: Bearer <token>' instead)");
    }
  }
}
