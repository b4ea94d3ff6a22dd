package dev.kiln.server.api;

import io.javalin.http.Context;

/** Who a request acts for, as established by its token. */
public record Principal(long userId, String userName, boolean admin) {
  static final String ATTRIBUTE = "kiln.principal";

  /** The caller of an authenticated request. */
  public static Principal of(Context ctx) {
    Principal p = ctx.attribute(ATTRIBUTE);
    if (p == null) {
      throw new IllegalStateException(
          "no principal on " + ctx.path() + ": route is not under /api");
    }
    return p;
  }

  /**
   * Marks a route open to every authenticated user. The filter before {@code /api} routes has
   * already turned away requests without a valid token; this fails (a server error) only for a
   * route outside that filter, where no caller was established.
   */
  public static void requireAuthenticated(Context ctx) {
    of(ctx);
  }

  /** The caller, who must be an admin. */
  public static Principal admin(Context ctx) {
    Principal p = of(ctx);
    if (!p.admin()) {
      throw ApiException.denied("Only workspace admins can do this");
    }
    return p;
  }
}
