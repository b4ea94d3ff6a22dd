package dev.kiln.model.auth;

/** {@code GET /.well-known/databricks-config}, read by the SDKs whenever a client is built. */
public record HostMetadata(String workspaceId, String cloud) {}
