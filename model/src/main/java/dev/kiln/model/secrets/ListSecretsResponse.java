package dev.kiln.model.secrets;

import java.util.List;

/** {@code GET /api/2.0/secrets/list}. */
public record ListSecretsResponse(List<SecretMetadata> secrets) {}
