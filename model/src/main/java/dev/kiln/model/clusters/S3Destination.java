package dev.kiln.model.clusters;

/** An S3 location of an init script or of cluster logs, with its S3 options. */
public record S3Destination(
    String destination,
    String region,
    String endpoint,
    Boolean enableEncryption,
    String encryptionType,
    String kmsKey,
    String cannedAcl) {}
