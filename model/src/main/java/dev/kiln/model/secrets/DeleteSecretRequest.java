package dev.kiln.model.secrets;

/** {@code POST /api/2.0/secrets/delete}. */
public record DeleteSecretRequest(String scope, String key) {}
