package dev.kiln.server.web;

import dev.kiln.model.Empty;
import dev.kiln.server.api.ApiException;
import dev.kiln.server.api.BrowserSession;
import dev.kiln.server.api.ErrorCode;
import dev.kiln.server.api.Principal;
import dev.kiln.server.api.Router;
import java.util.Map;

/**
 * Signing the web UI in and out. Sign-in takes the token once, in the {@code Authorization} header
 * (already checked like any API call's), and answers with the {@code HttpOnly} session cookie, so
 * the UI never keeps the token where a script could read it. Sign-out clears the cookie.
 */
public final class SessionApi {
  public static final String PATH = "/api/2.0/kiln/session";

  public void register(Router router) {
    router
        .post(
            PATH,
            ctx -> {
              Principal principal = Principal.of(ctx);
              String header = ctx.header("Authorization");
              if (header == null) {
                throw new ApiException(
                    ErrorCode.INVALID_PARAMETER_VALUE,
                    "Sign in with the token in 'Authorization: Bearer <token>'");
              }
              BrowserSession.start(ctx, header.substring("Bearer ".length()).trim());
              ctx.json(Map.of("user_name", principal.userName()));
            })
        .delete(
            PATH,
            ctx -> {
              Principal.requireAuthenticated(ctx);
              BrowserSession.end(ctx);
              ctx.json(Empty.INSTANCE);
            });
  }
}
