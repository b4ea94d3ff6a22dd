package dev.kiln.server.api;

import dev.kiln.model.Empty;
import io.javalin.http.Context;

/**
 * The routes of one API under its base path, in the two shapes most operations take: read a typed
 * JSON body, act and answer {@code {}}; or answer with what a call returns. Each {@code *Api} class
 * says only its paths and calls.
 */
public final class Routes {
  /** An operation on a request body that answers {@code {}}. */
  @FunctionalInterface
  public interface Action<T> {
    void run(Context ctx, T body) throws Exception;
  }

  /** An operation whose result is the JSON answer. */
  @FunctionalInterface
  public interface Answer {
    Object of(Context ctx) throws Exception;
  }

  private final Router router;
  private final Requests requests;
  private final String base;

  public Routes(Router router, Requests requests, String base) {
    this.router = router;
    this.requests = requests;
    this.base = base;
  }

  /** {@code POST base + path}: the body read as {@code type}, then {@code action}; answers {}. */
  public <T> Routes post(String path, Class<T> type, Action<T> action) {
    router.post(
        base + path,
        ctx -> {
          action.run(ctx, requests.body(ctx, type));
          ctx.json(Empty.INSTANCE);
        });
    return this;
  }

  /** {@code POST base + path}, answering what {@code answer} returns. */
  public Routes post(String path, Answer answer) {
    router.post(base + path, ctx -> ctx.json(answer.of(ctx)));
    return this;
  }

  /** {@code GET base + path}, answering what {@code answer} returns. */
  public Routes get(String path, Answer answer) {
    router.get(base + path, ctx -> ctx.json(answer.of(ctx)));
    return this;
  }

  /** The body of a request, as {@link Requests#body} reads it. */
  public <T> T body(Context ctx, Class<T> type) {
    return requests.body(ctx, type);
  }
}
