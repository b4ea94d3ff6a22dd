package dev.kiln.server.secrets;

import dev.kiln.server.api.ApiException;
import java.util.regex.Pattern;

/** The naming rules of scopes, secret keys and ACL principals, as Databricks states them. */
final class SecretNames {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
  private static final int MAX_PRINCIPAL = 255;

  private SecretNames() {}

  static String scope(String scope) {
    return check(scope, "scope", "Scope name");
  }

  static String key(String key) {
    return check(key, "key", "Secret key");
  }

  static String principal(String principal) {
    ApiException.required(principal, "principal");
    if (principal.length() > MAX_PRINCIPAL) {
      throw ApiException.invalid("principal must be at most " + MAX_PRINCIPAL + " characters");
    }
    return principal;
  }

  private static String check(String value, String field, String what) {
    ApiException.required(value, field);
    if (!NAME.matcher(value).matches()) {
      throw ApiException.invalid(
          what
              + " '"
              + shorten(value)
              + "' is invalid: it must consist of alphanumeric characters, dashes, underscores"
              + " and periods, and may not exceed 128 characters");
    }
    return value;
  }

  /** Echo at most a readable prefix of what the caller sent. */
  private static String shorten(String value) {
    return value.length() <= 140 ? value : value.substring(0, 140) + "...";
  }
}
