package dev.kiln.model.libraries;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code cran}: an R package (accepted in the wire format; Kiln runtimes have no R). */
public record RCranLibrary(@JsonProperty("package") String packageName, String repo) {}
