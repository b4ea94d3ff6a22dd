package dev.kiln.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.ApiError;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP frame of the control plane: JSON in and out, one translation of every failure into a
 * Databricks error body, and authentication of everything under {@code /api/}: a bearer token, or
 * the web UI's {@link BrowserSession} cookie.
 */
public final class ApiServer {
  /** Routes cluster nodes call (with their node secret, not a user token). */
  public static final String NODE_API = "/api/2.0/kiln/node/";

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String ERROR_WRITTEN = "kiln.error.written";

  private final Javalin app;
  private final Router router;
  private final Requests requests;
  private final Function<String, Principal> authenticate;
  private Handler pageFallback;

  /**
   * @param authenticate the principal of an {@code Authorization} header value; throws a 401 {@link
   *     ApiException} when it is missing or invalid
   */
  public ApiServer(
      String host,
      long maxBodyBytes,
      ObjectMapper mapper,
      Function<String, Principal> authenticate) {
    this.app =
        Javalin.create(
            config -> {
              config.showJavalinBanner = false;
              config.jsonMapper(new JavalinJackson(mapper, false));
              config.http.maxRequestSize = maxBodyBytes;
              config.http.prefer405over404 = true;
              config.router.ignoreTrailingSlashes = true;
              config.jetty.defaultHost = host;
              config.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors(mapper)));
            });
    this.router = new Router(app);
    this.requests = new Requests(mapper);
    this.authenticate = authenticate;
    // Before anything can read a body: bodies sent without a Content-Length stop at the limit too.
    app.before(ctx -> BodyLimit.install(ctx.req(), maxBodyBytes));
    app.before(
        "/api/*",
        ctx -> {
          // Nodes call their own endpoints with their node secret, checked by those routes.
          if (!ctx.path().startsWith(NODE_API)) {
            ctx.attribute(Principal.ATTRIBUTE, authenticate(ctx));
          }
          // Javalin decodes parameters leniently (bad bytes become U+FFFD); refuse them instead.
          Utf8.checkPercentEncoded(ctx.req().getRequestURI(), "request path");
          Utf8.checkPercentEncoded(ctx.req().getQueryString(), "query string");
        });
    app.exception(ApiException.class, (e, ctx) -> writeError(ctx, e.code(), e.getMessage()));
    app.exception(HttpResponseException.class, this::onFrameworkError);
    app.exception(
        Exception.class,
        (e, ctx) -> {
          // A failure of the body's stream (such as BodyLimit's) arrives wrapped by Jetty.
          ApiException cause = ApiException.causeOf(e);
          if (cause != null) {
            writeError(ctx, cause.code(), cause.getMessage());
            return;
          }
          LOG.error("Unexpected failure of {} {}", ctx.method(), ctx.path(), e);
          writeError(ctx, ErrorCode.INTERNAL_ERROR, "Internal error: " + e.getClass().getName());
        });
    app.error(
        404,
        ctx -> {
          if (ctx.attribute(ERROR_WRITTEN) == null) {
            writeError(
                ctx,
                ErrorCode.ENDPOINT_NOT_FOUND,
                "No API found for '" + ctx.method() + " " + ctx.path() + "'");
          }
        });
    app.error(
        405,
        ctx -> {
          if (ctx.attribute(ERROR_WRITTEN) == null) {
            writeError(
                ctx,
                ErrorCode.METHOD_NOT_ALLOWED,
                "Method " + ctx.method() + " is not allowed on " + ctx.path());
          }
        });
  }

  /**
   * The caller of a request: its {@code Authorization} header (SDKs, the CLI), else the web UI's
   * session cookie, which must carry the UI's CSRF marker when the request changes state. A refused
   * cookie is cleared so the browser stops sending it.
   */
  public Principal authenticate(Context ctx) {
    String header = ctx.header("Authorization");
    String cookie = ctx.cookie(BrowserSession.COOKIE);
    if (header != null || cookie == null || cookie.isEmpty()) {
      return authenticate.apply(header);
    }
    Principal principal;
    try {
      principal = authenticate.apply("Bearer " + cookie);
    } catch (ApiException e) {
      BrowserSession.end(ctx);
      throw e;
    }
    BrowserSession.checkCsrf(ctx);
    return principal;
  }

  /**
   * Runs before every request whose path matches the pattern, even one that matches no route or
   * fails (for headers that every answer of a path must carry).
   */
  public ApiServer before(String pattern, Handler handler) {
    app.before(pattern, handler);
    return this;
  }

  private void onFrameworkError(HttpResponseException e, Context ctx) {
    if (e.getStatus() == 404 && pageFallback != null && isPage(ctx)) {
      try {
        pageFallback.handle(ctx);
        return;
      } catch (Exception failure) {
        LOG.error("Unexpected failure of the page for {}", ctx.path(), failure);
      }
    }
    ErrorCode code =
        switch (e.getStatus()) {
          case 413 -> ErrorCode.REQUEST_ENTITY_TOO_LARGE;
          case 404 -> ErrorCode.ENDPOINT_NOT_FOUND;
          case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
          default -> ErrorCode.BAD_REQUEST;
        };
    writeError(ctx, code, e.getMessage());
  }

  static void writeError(Context ctx, ErrorCode code, String message) {
    ctx.attribute(ERROR_WRITTEN, true);
    if (code == ErrorCode.REQUEST_ENTITY_TOO_LARGE) {
      // The rest of the body is not read: the connection cannot carry another request.
      ctx.header("Connection", "close");
    }
    // Messages may quote what was sent; half a surrogate pair would make the JSON unwritable.
    ctx.status(code.httpStatus())
        .json(
            new ApiError(
                code.name(), message == null ? null : Utf8.withoutUnpairedSurrogates(message)));
  }

  /** A browser asking for a page: a GET for HTML outside the API (SDKs probing paths get JSON). */
  private static boolean isPage(Context ctx) {
    String path = ctx.path();
    String accept = ctx.header("Accept");
    return ctx.method() == HandlerType.GET
        && !path.equals("/api")
        && !path.startsWith("/api/")
        && !path.startsWith("/driver-proxy")
        && accept != null
        && accept.contains("text/html");
  }

  /**
   * A GET page outside the API (the web UI): added to Javalin, not to {@link Router}, so it is not
   * an API route (no token, not in the OpenAPI description).
   */
  public ApiServer page(String path, Handler handler) {
    if (path.startsWith("/api/")) {
      throw new IllegalArgumentException("pages live outside /api/: " + path);
    }
    app.get(path, handler);
    return this;
  }

  /**
   * A CORS preflight answer outside the API: added to Javalin, not to {@link Router} (not an API
   * route).
   */
  public ApiServer preflight(String path, Handler handler) {
    if (path.startsWith("/api/")) {
      throw new IllegalArgumentException("the API answers no preflight: " + path);
    }
    app.options(path, handler);
    return this;
  }

  /**
   * What answers a browser's GET of an unknown path outside {@code /api/} (one that asks for {@code
   * text/html}) instead of a JSON 404.
   */
  public ApiServer pageFallback(Handler handler) {
    this.pageFallback = handler;
    return this;
  }

  public Router router() {
    return router;
  }

  public Requests requests() {
    return requests;
  }

  public ApiServer start(int port) {
    app.start(port);
    return this;
  }

  public int port() {
    return app.port();
  }

  public void stop() {
    app.stop();
  }
}
