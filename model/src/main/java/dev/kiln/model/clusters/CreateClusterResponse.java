package dev.kiln.model.clusters;

/** {@code clusters/create}'s answer. */
public record CreateClusterResponse(String clusterId) {}
