package dev.kiln.model.node.libraries;

import java.util.List;

/** The answer of {@code GET /libraries} and {@code POST /libraries}: every library asked for. */
public record NodeLibraryStates(List<NodeLibraryState> libraries) {}
