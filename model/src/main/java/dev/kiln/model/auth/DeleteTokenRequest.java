package dev.kiln.model.auth;

/** {@code POST /api/2.0/token/delete}. */
public record DeleteTokenRequest(String tokenId) {}
