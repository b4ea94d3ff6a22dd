package dev.kiln.model.auth;

import java.util.List;

/** {@code GET /api/2.0/token-management/tokens}. */
public record ManagedTokenList(List<TokenInfo> tokenInfos) {}
