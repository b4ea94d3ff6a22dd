package dev.kiln.model.secrets;

/**
 * The query of the secrets GETs: {@code list?scope=}, {@code get?scope=&key=}, {@code
 * acls/list?scope=} and {@code acls/get?scope=&principal=}; each uses the fields it needs.
 */
public record SecretQuery(String scope, String key, String principal) {}
