package dev.kiln.model.clusters;

import java.util.List;

/** A node type's availability notes ({@code node_info.status}); empty when available. */
public record NodeInfo(List<String> status) {}
