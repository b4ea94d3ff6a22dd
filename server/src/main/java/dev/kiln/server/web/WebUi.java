package dev.kiln.server.web;

import dev.kiln.server.api.ApiServer;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The browser workspace (module {@code web}), served from the classpath folder {@code kiln-web/}:
 * its index page at {@code /} and for a browser's GET (one that accepts {@code text/html}) of any
 * other unknown path outside {@code /api/}, so the single-page app's own routes load on a reload;
 * and its hashed files under {@code /assets/}. SDKs probing paths such as {@code /oidc/...} still
 * get JSON 404s.
 *
 * <p>These are pages, not API routes: they are not added to the {@link dev.kiln.server.api.Router},
 * need no token (the app signs in through the API), and are not in the OpenAPI description. The app
 * calls only the public REST API, with the user's bearer token.
 */
public final class WebUi {
  private static final Logger LOG = LoggerFactory.getLogger(WebUi.class);
  static final String ROOT = "kiln-web/";
  private static final Pattern ASSET_NAME = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Map<String, String> TYPES =
      Map.of(
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png",
          "woff2", "font/woff2",
          "map", "application/json",
          "html", "text/html; charset=utf-8");

  /**
   * Scripts only from Kiln itself; styles inline too (the code editor injects its own); images also
   * as data: URLs (plots in cell results). Markdown cells cannot run script in this page.
   */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
          + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; "
          + "base-uri 'self'; frame-ancestors 'none'; form-action 'self'";

  private final ClassLoader loader;
  private final byte[] index;

  private WebUi(ClassLoader loader, byte[] index) {
    this.loader = loader;
    this.index = index;
  }

  /** Serves the UI when this build has it; without it, unknown paths stay JSON 404s. */
  public static void register(ApiServer api) {
    ClassLoader loader = WebUi.class.getClassLoader();
    byte[] index = read(loader, ROOT + "index.html");
    if (index == null) {
      LOG.warn("The web UI is not in this build ({}index.html is missing)", ROOT);
      return;
    }
    WebUi ui = new WebUi(loader, index);
    api.page("/", ui::index).page("/assets/{file}", ui::asset).pageFallback(ui::index);
  }

  private void index(Context ctx) {
    ctx.status(200);
    ctx.header("Cache-Control", "no-cache");
    securityHeaders(ctx);
    ctx.contentType(TYPES.get("html")).result(index);
  }

  private void asset(Context ctx) {
    String name = ctx.pathParam("file");
    byte[] bytes =
        ASSET_NAME.matcher(name).matches() ? read(loader, ROOT + "assets/" + name) : null;
    if (bytes == null) {
      ctx.status(404); // the frame's 404 handler writes the JSON error body
      return;
    }
    String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    // Vite puts a content hash in every asset's name: a changed file has a new name.
    ctx.header("Cache-Control", "public, max-age=31536000, immutable");
    securityHeaders(ctx);
    ctx.contentType(TYPES.getOrDefault(ext, "application/octet-stream")).result(bytes);
  }

  private static void securityHeaders(Context ctx) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "same-origin");
  }

  private static byte[] read(ClassLoader loader, String resource) {
    try (InputStream in = loader.getResourceAsStream(resource)) {
      return in == null ? null : in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("could not read " + resource, e);
    }
  }
}
