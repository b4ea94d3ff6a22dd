package dev.kiln.server.secrets;

/** A stored secret: its value sealed by {@link SecretCipher} under key {@code masterKeyId}. */
public record StoredSecret(
    String scope,
    String secretKey,
    String masterKeyId,
    String ciphertext,
    long lastUpdatedTimestamp) {}
