package dev.kiln.model.auth;

/** A token as an admin sees it through the token-management API. */
public record TokenInfo(
    String tokenId,
    String comment,
    long creationTime,
    long expiryTime,
    long createdById,
    String createdByUsername,
    long ownerId,
    String workspaceId) {}
