package dev.kiln.model.libraries;

import java.util.List;

/** {@code libraries/cluster-status}: a cluster's libraries in the order they were asked for. */
public record ClusterLibraryStatuses(String clusterId, List<LibraryFullStatus> libraryStatuses) {}
