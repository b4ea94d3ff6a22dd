package dev.kiln.model.libraries;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code pypi}: a package spec such as {@code simplejson==3.8.0}, from {@code repo} or PyPI. */
public record PythonPyPiLibrary(@JsonProperty("package") String packageName, String repo) {}
