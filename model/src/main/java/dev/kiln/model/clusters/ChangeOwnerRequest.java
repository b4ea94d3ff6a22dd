package dev.kiln.model.clusters;

/** {@code clusters/change-owner}. */
public record ChangeOwnerRequest(String clusterId, String ownerUsername) {}
