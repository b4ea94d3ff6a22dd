package dev.kiln.server.jobs.settings;

import dev.kiln.server.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page tokens: an offset, base64-encoded, so clients treat them as tokens. */
public final class PageToken {
  /** How many elements of a large array jobs/get and runs/get answer at a time (API 2.2). */
  public static final int ARRAY_PAGE = 100;

  private PageToken() {}

  public static String of(long offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  public static long offset(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith("o:")) {
        long offset = Long.parseLong(text.substring(2));
        if (offset >= 0) {
          return offset;
        }
      }
    } catch (IllegalArgumentException e) {
      // falls through
    }
    throw ApiException.invalid("Invalid page_token: " + token);
  }
}
