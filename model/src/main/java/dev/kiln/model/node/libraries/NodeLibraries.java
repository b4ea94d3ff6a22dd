package dev.kiln.model.node.libraries;

import java.util.List;

/**
 * {@code POST /libraries} on a driver node: libraries to install, in order; {@code cache_dir} is a
 * folder where downloads (Ivy's cache) may be shared with the machine's other clusters.
 */
public record NodeLibraries(List<NodeLibrary> libraries, String cacheDir) {}
