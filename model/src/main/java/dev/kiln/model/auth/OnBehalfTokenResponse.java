package dev.kiln.model.auth;

/** The new token of another principal, shown once. */
public record OnBehalfTokenResponse(String tokenValue, TokenInfo tokenInfo) {}
