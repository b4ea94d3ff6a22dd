package dev.kiln.model.secrets;

/** {@code GET /api/2.0/secrets/get}: the value as base64, whether it was put as string or bytes. */
public record GetSecretResponse(String key, String value) {}
