package dev.kiln.model.libraries;

import java.util.List;

/**
 * One library of a cluster: {@code messages} say why it failed (or what is going on); {@code
 * is_library_for_all_clusters} is always false (Kiln has no libraries for all clusters).
 */
public record LibraryFullStatus(
    Library library,
    LibraryInstallStatus status,
    List<String> messages,
    Boolean isLibraryForAllClusters) {}
