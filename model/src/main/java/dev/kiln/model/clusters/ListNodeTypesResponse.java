package dev.kiln.model.clusters;

import java.util.List;

/** {@code clusters/list-node-types}. */
public record ListNodeTypesResponse(List<NodeType> nodeTypes) {}
