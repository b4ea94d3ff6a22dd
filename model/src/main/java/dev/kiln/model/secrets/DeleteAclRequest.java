package dev.kiln.model.secrets;

/** {@code POST /api/2.0/secrets/acls/delete}. */
public record DeleteAclRequest(String scope, String principal) {}
