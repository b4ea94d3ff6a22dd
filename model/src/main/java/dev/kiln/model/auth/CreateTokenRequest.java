package dev.kiln.model.auth;

import java.util.List;

/** {@code POST /api/2.0/token/create}. */
public record CreateTokenRequest(Long lifetimeSeconds, String comment, List<String> scopes) {}
