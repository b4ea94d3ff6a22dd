package dev.kiln.model.node;

/** How one init script ended. */
public record InitScriptResult(String name, int exitCode, long durationMs) {}
