package dev.kiln.model.libraries;

/**
 * A library for a cluster or a task; exactly one field is set. URIs may be {@code dbfs:/} or
 * workspace paths.
 */
public record Library(
    String jar,
    String whl,
    String egg,
    String requirements,
    PythonPyPiLibrary pypi,
    MavenLibrary maven,
    RCranLibrary cran) {}
