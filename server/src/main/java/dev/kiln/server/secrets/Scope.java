package dev.kiln.server.secrets;

/** A stored secret scope; {@code creator} is the user name of who created it. */
public record Scope(String name, String backendType, String creator, long createdAt) {}
