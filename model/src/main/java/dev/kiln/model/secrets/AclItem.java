package dev.kiln.model.secrets;

/** One ACL of a scope: in {@code acls/get} and {@code acls/list}. */
public record AclItem(String principal, AclPermission permission) {}
