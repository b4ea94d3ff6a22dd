package dev.kiln.server.auth;

import dev.kiln.server.api.Principal;

/** A token joined with its owner: all one authentication needs, in one query. */
public record Credential(
    String tokenId,
    long expiryTime,
    Long lastAccessedTime,
    long userId,
    String userName,
    boolean admin,
    boolean active) {

  boolean validAt(long nowMillis) {
    return active && (expiryTime == -1 || nowMillis < expiryTime);
  }

  Principal principal() {
    return new Principal(userId, userName, admin);
  }
}
