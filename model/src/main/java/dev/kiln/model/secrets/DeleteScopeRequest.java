package dev.kiln.model.secrets;

/** {@code POST /api/2.0/secrets/scopes/delete}. */
public record DeleteScopeRequest(String scope) {}
