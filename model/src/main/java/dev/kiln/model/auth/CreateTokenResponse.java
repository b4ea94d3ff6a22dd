package dev.kiln.model.auth;

/** The token value is in this answer only; Kiln keeps just its hash. */
public record CreateTokenResponse(String tokenValue, PublicTokenInfo tokenInfo) {}
