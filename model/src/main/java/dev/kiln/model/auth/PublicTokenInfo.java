package dev.kiln.model.auth;

/** A token as its owner sees it. {@code expiry_time} is -1 for a token that never expires. */
public record PublicTokenInfo(
    String tokenId, String comment, long creationTime, long expiryTime, Long lastAccessedTime) {}
