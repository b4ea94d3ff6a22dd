package dev.kiln.model.libraries;

import java.util.List;

/** {@code maven}: {@code group:artifact:version} with its dependencies, minus the exclusions. */
public record MavenLibrary(String coordinates, String repo, List<String> exclusions) {}
