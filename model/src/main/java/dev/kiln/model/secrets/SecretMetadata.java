package dev.kiln.model.secrets;

/** One secret in {@code secrets/list}: never its value. */
public record SecretMetadata(String key, long lastUpdatedTimestamp) {}
