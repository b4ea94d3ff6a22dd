package dev.kiln.server.auth;

import dev.kiln.server.api.Principal;

/** A stored user; an admin is shown as a member of the group "admins". */
public record User(
    long id, String userName, String displayName, boolean active, boolean admin, long createdAt) {

  public Principal principal() {
    return new Principal(id, userName, admin);
  }
}
