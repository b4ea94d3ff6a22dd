package dev.kiln.model.pools;

public record CreateInstancePoolResponse(String instancePoolId) {}
