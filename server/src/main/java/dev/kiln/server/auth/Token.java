package dev.kiln.server.auth;

/** A stored token: only the SHA-256 of its value. {@code expiryTime} is -1 for never. */
public record Token(
    String tokenId,
    String tokenHash,
    long userId,
    String comment,
    long creationTime,
    long expiryTime,
    Long lastAccessedTime) {

  public boolean expiredAt(long nowMillis) {
    return expiryTime != -1 && nowMillis >= expiryTime;
  }
}
