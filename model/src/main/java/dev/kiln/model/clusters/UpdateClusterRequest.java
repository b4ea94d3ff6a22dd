package dev.kiln.model.clusters;

/**
 * {@code clusters/update}: the fields of {@code cluster} named in {@code update_mask} (comma
 * separated, snake_case) replace the cluster's; see {@link ClusterSpec#merge}.
 */
public record UpdateClusterRequest(String clusterId, String updateMask, ClusterSpec cluster) {}
