package dev.kiln.model.clusters;

import java.util.List;

/** {@code clusters/list}: tokens are absent when there is no such page. */
public record ListClustersResponse(
    List<ClusterDetails> clusters, String nextPageToken, String prevPageToken) {}
