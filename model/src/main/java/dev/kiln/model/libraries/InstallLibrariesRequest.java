package dev.kiln.model.libraries;

import java.util.List;

/** The body of {@code libraries/install} and {@code libraries/uninstall}. */
public record InstallLibrariesRequest(String clusterId, List<Library> libraries) {}
