package dev.kiln.model.pools;

import java.util.List;

/** Problems of a pool's instances that are starting. */
public record InstancePoolStatus(List<PendingInstanceError> pendingInstanceErrors) {}
