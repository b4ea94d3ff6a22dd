package dev.kiln.server.auth;

import dev.kiln.server.api.ApiException;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of SCIM filtering clients use on users: one {@code attribute op value} comparison with
 * {@code eq}, {@code co} or {@code sw} on {@code id}, {@code userName}, {@code displayName} or
 * {@code active}, e.g. {@code userName eq "ann@example.com"}.
 */
final class ScimFilter {
  private static final Pattern EXPRESSION =
      Pattern.compile(
          "\\s*(\\w+)\\s+(eq|co|sw)\\s+(\"((?:[^\"\\\\]|\\\\.)*)\"|true|false|\\d+)\\s*",
          Pattern.CASE_INSENSITIVE);

  private ScimFilter() {}

  static Predicate<User> parse(String filter) {
    if (filter == null || filter.isBlank()) {
      return u -> true;
    }
    Matcher m = EXPRESSION.matcher(filter);
    if (!m.matches()) {
      throw ApiException.invalid("Unsupported SCIM filter: " + filter);
    }
    String attribute = m.group(1).toLowerCase(Locale.ROOT);
    String op = m.group(2).toLowerCase(Locale.ROOT);
    String value = m.group(4) != null ? m.group(4).replaceAll("\\\\(.)", "$1") : m.group(3);
    return u -> {
      String actual =
          switch (attribute) {
            case "id" -> Long.toString(u.id());
            case "username" -> u.userName();
            case "displayname" -> u.displayName();
            case "active" -> Boolean.toString(u.active());
            default ->
                throw ApiException.invalid("Unsupported SCIM filter attribute: " + attribute);
          };
      return compare(op, actual, value);
    };
  }

  private static boolean compare(String op, String actual, String value) {
    if (actual == null) {
      return false;
    }
    // SCIM compares user names and display names case-insensitively.
    String a = actual.toLowerCase(Locale.ROOT);
    String v = value.toLowerCase(Locale.ROOT);
    return switch (op) {
      case "eq" -> a.equals(v);
      case "co" -> a.contains(v);
      default -> a.startsWith(v);
    };
  }
}
