package dev.kiln.model.node.libraries;

import dev.kiln.model.libraries.MavenLibrary;
import dev.kiln.model.libraries.PythonPyPiLibrary;

/**
 * A library for a driver to install, exactly one kind set. File libraries arrive as local files the
 * control plane put into the node's folder ({@code jar}, {@code whl}, {@code requirements}: local
 * paths); Maven coordinates and PyPI packages are resolved and fetched by the driver.
 *
 * @param id the control plane's key of the library (stable across restarts)
 */
public record NodeLibrary(
    String id,
    String jar,
    String whl,
    String requirements,
    MavenLibrary maven,
    PythonPyPiLibrary pypi) {}
