package dev.kiln.model.secrets;

/** One scope in {@code scopes/list}. */
public record SecretScope(String name, ScopeBackendType backendType) {}
