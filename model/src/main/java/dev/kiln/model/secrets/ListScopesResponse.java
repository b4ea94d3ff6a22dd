package dev.kiln.model.secrets;

import java.util.List;

/** {@code GET /api/2.0/secrets/scopes/list}. */
public record ListScopesResponse(List<SecretScope> scopes) {}
