package dev.kiln.model.auth;

import java.util.List;

/** {@code GET /api/2.0/token/list}. */
public record ListTokensResponse(List<PublicTokenInfo> tokenInfos) {}
