package dev.kiln.server.libraries;

import dev.kiln.model.libraries.LibraryInstallStatus;

/**
 * A library of a cluster as stored.
 *
 * @param library the Library's canonical JSON ({@link LibrarySpec#canonicalJson})
 * @param messages a JSON array of strings, or null
 * @param generation the cluster generation (driver) {@code status} is about
 */
public record LibraryRow(
    long id,
    String clusterId,
    String libraryKey,
    String library,
    LibraryInstallStatus status,
    String messages,
    int generation,
    boolean uninstallRequested,
    long createdAt,
    long updatedAt) {}
