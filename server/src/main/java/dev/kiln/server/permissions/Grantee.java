package dev.kiln.server.permissions;

import dev.kiln.model.permissions.AccessControlRequest;
import dev.kiln.server.api.ApiException;

/** Who a permission is given to: a user, a group or a service principal, by name. */
public record Grantee(Kind kind, String name) {
  /** The group every user belongs to. */
  public static final String USERS = "users";

  /** The group of workspace admins. */
  public static final String ADMINS = "admins";

  /** The kinds of principal, with their column value in the store. */
  public enum Kind {
    USER,
    GROUP,
    SERVICE_PRINCIPAL
  }

  public Grantee {
    if (kind == null || name == null || name.isBlank()) {
      throw new IllegalArgumentException("a grantee needs a kind and a name");
    }
  }

  public static Grantee user(String name) {
    return new Grantee(Kind.USER, name);
  }

  public static Grantee group(String name) {
    return new Grantee(Kind.GROUP, name);
  }

  /** The principal of one request entry, which names exactly one. */
  static Grantee of(AccessControlRequest entry) {
    int named =
        (blank(entry.userName()) ? 0 : 1)
            + (blank(entry.groupName()) ? 0 : 1)
            + (blank(entry.servicePrincipalName()) ? 0 : 1);
    if (named != 1) {
      throw ApiException.invalid(
          "Each access control entry needs exactly one of user_name, group_name and"
              + " service_principal_name");
    }
    if (!blank(entry.userName())) {
      return user(entry.userName());
    }
    if (!blank(entry.groupName())) {
      return group(entry.groupName());
    }
    return new Grantee(Kind.SERVICE_PRINCIPAL, entry.servicePrincipalName());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  @Override
  public String toString() {
    return switch (kind) {
      case USER -> "user " + name;
      case GROUP -> "group " + name;
      case SERVICE_PRINCIPAL -> "service principal " + name;
    };
  }
}
