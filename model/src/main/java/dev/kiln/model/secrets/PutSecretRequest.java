package dev.kiln.model.secrets;

/** {@code POST /api/2.0/secrets/put}: exactly one of the two values, bytes as base64. */
public record PutSecretRequest(String scope, String key, String stringValue, String bytesValue) {}
