package dev.kiln.model.auth;

/** {@code GET /api/2.0/token-management/tokens/{id}}. */
public record ManagedToken(TokenInfo tokenInfo) {}
