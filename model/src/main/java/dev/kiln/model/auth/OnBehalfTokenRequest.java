package dev.kiln.model.auth;

/**
 * {@code POST /api/2.0/token-management/on-behalf-of/tokens}. Databricks takes a service
 * principal's application id; Kiln also takes a user's id or user name, which is how an admin gives
 * a new user a first token.
 */
public record OnBehalfTokenRequest(String applicationId, Long lifetimeSeconds, String comment) {}
