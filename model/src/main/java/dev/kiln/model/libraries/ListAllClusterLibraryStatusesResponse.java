package dev.kiln.model.libraries;

import java.util.List;

/** {@code libraries/all-cluster-statuses}: every cluster that has libraries. */
public record ListAllClusterLibraryStatusesResponse(List<ClusterLibraryStatuses> statuses) {}
