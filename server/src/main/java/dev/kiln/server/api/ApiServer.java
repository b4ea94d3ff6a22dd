package dev.kiln.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kiln.model.ApiError;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP frame of the control plane: JSON in and out, one translation of every failure into a
 * Databricks error body, and bearer-token authentication of everything under {@code /api/}.
 */
public final class ApiServer {
  /** The cookie the web UI keeps its token in, for pages it cannot add a header to. */
  public static final String TOKEN_COOKIE = "kiln_token";

  private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
  private static final String ERROR_WRITTEN = "kiln.error.written";

  private final Javalin app;
  private final Router router;
  private final Requests requests;

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
            });
    this.router = new Router(app);
    this.requests = new Requests(mapper);
    app.before(
        "/api/*",
        ctx -> ctx.attribute(Principal.ATTRIBUTE, authenticate.apply(ctx.header("Authorization"))));
    // The Spark UI proxy is opened by browsers, which send the web UI's cookie, not a header.
    app.before(
        "/driver-proxy/*",
        ctx -> {
          String header = ctx.header("Authorization");
          String cookie = ctx.cookie(TOKEN_COOKIE);
          String credential = header == null && cookie != null ? "Bearer " + cookie : header;
          ctx.attribute(Principal.ATTRIBUTE, authenticate.apply(credential));
        });
    app.exception(ApiException.class, (e, ctx) -> writeError(ctx, e.code(), e.getMessage()));
    app.exception(HttpResponseException.class, ApiServer::onFrameworkError);
    app.exception(
        Exception.class,
        (e, ctx) -> {
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

  private static void onFrameworkError(HttpResponseException e, Context ctx) {
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
    ctx.status(code.httpStatus()).json(new ApiError(code.name(), message));
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
