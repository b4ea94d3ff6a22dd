package dev.kiln.server.api;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The one place routes are added. It keeps the list of what Kiln serves so a test can hold it
 * against the OpenAPI description.
 */
public final class Router {
  /**
   * One served operation: an HTTP method on a path in Javalin syntax ({@code {param}}, or {@code
   * <param>} for a parameter that may span slashes).
   */
  public record Route(String method, String path) {
    /** The path as OpenAPI writes it: every parameter in braces. */
    public String openApiPath() {
      return path.replaceAll("<([^>]+)>", "{$1}");
    }
  }

  private final Javalin app;
  private final List<Route> routes = new ArrayList<>();

  Router(Javalin app) {
    this.app = app;
  }

  public Router get(String path, Handler handler) {
    return add(HandlerType.GET, path, handler);
  }

  public Router post(String path, Handler handler) {
    return add(HandlerType.POST, path, handler);
  }

  public Router put(String path, Handler handler) {
    return add(HandlerType.PUT, path, handler);
  }

  public Router patch(String path, Handler handler) {
    return add(HandlerType.PATCH, path, handler);
  }

  public Router delete(String path, Handler handler) {
    return add(HandlerType.DELETE, path, handler);
  }

  private Router add(HandlerType method, String path, Handler handler) {
    app.addHttpHandler(method, path, handler);
    routes.add(new Route(method.name().toLowerCase(Locale.ROOT), path));
    return this;
  }

  public List<Route> routes() {
    return Collections.unmodifiableList(routes);
  }
}
