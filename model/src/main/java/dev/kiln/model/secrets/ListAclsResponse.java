package dev.kiln.model.secrets;

import java.util.List;

/** {@code GET /api/2.0/secrets/acls/list}: the SDKs read {@code items}. */
public record ListAclsResponse(List<AclItem> items) {}
