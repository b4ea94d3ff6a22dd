package dev.kiln.model.pools;

import java.util.List;

public record ListInstancePools(List<InstancePoolAndStats> instancePools) {}
