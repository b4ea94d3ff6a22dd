package dev.kiln.server.jobs;

import dev.kiln.server.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Opaque page tokens: an offset, base64-encoded, so clients treat them as tokens. */
final class PageToken {
  private PageToken() {}

  static String of(long offset) {
    return Base64.getUrlEncoder()
        .withoutPadding()
        .encodeToString(("o:" + offset).getBytes(StandardCharsets.UTF_8));
  }

  static long offset(String token) {
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
