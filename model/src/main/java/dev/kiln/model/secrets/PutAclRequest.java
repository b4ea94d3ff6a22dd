package dev.kiln.model.secrets;

/**
 * {@code POST /api/2.0/secrets/acls/put}. The permission is text so that an unknown value gets a
 * message naming the accepted ones; see {@link AclPermission}.
 */
public record PutAclRequest(String scope, String principal, String permission) {}
