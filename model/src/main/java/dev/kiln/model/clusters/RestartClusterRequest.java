package dev.kiln.model.clusters;

/** {@code clusters/restart}. */
public record RestartClusterRequest(String clusterId, String restartUser) {}
