package dev.kiln.model.pools;

/** Why an instance of a pool could not start. */
public record PendingInstanceError(String instanceId, String message) {}
