package dev.kiln.server.api;

import jakarta.servlet.ServletRequest;
import org.eclipse.jetty.server.HttpInput;
import org.eclipse.jetty.server.Request;

/**
 * The most a request body may bring in: counted in Jetty's input, under every reader (Javalin's
 * {@code bodyAsBytes}, Jetty's form and multipart parsing, raw streams), so a body sent chunked,
 * without a Content-Length, stops at the limit too instead of filling the heap. Past the limit the
 * read fails with a 413 REQUEST_ENTITY_TOO_LARGE and no more of the body is read. Routes that
 * stream a body to disk lift the limit before reading ({@link #lift}).
 */
public final class BodyLimit implements HttpInput.Interceptor {
  private static final String ATTRIBUTE = "kiln.bodyLimit";

  private final long max;
  private final long declared;
  private long seen;
  private volatile boolean lifted;

  private BodyLimit(long max, long declared) {
    this.max = max;
    this.declared = declared;
  }

  /** Puts the limit on a request before anything reads its body. */
  static void install(ServletRequest request, long max) {
    Request base = Request.getBaseRequest(request);
    if (base == null || request.getAttribute(ATTRIBUTE) != null) {
      return;
    }
    BodyLimit limit = new BodyLimit(max, request.getContentLengthLong());
    base.getHttpInput().addInterceptor(limit);
    request.setAttribute(ATTRIBUTE, limit);
  }

  /** Lets the body of this request be read whole: for routes that stream it to disk. */
  public static void lift(ServletRequest request) {
    if (request.getAttribute(ATTRIBUTE) instanceof BodyLimit limit) {
      limit.lifted = true;
    }
  }

  @Override
  public HttpInput.Content readFrom(HttpInput.Content content) {
    if (lifted || content == null || content.isSpecial()) {
      return content;
    }
    seen += content.remaining();
    if (declared > max || seen > max) {
      // Jetty fails this and every later read with an IOException that has this as its cause.
      throw tooLarge(max);
    }
    return content;
  }

  static ApiException tooLarge(long max) {
    return new ApiException(
        ErrorCode.REQUEST_ENTITY_TOO_LARGE,
        "The request body is larger than the limit of " + max + " bytes");
  }
}
