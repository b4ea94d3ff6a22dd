package dev.kiln.model.node.libraries;

/**
 * Where a driver is with one library: {@code status} is RESOLVING, INSTALLING, INSTALLED or FAILED
 * (then {@code message} says why).
 */
public record NodeLibraryState(String id, String status, String message) {}
