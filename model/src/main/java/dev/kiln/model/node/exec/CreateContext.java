package dev.kiln.model.node.exec;

/** {@code POST /contexts} on a driver node: a context of {@code language} for {@code user}. */
public record CreateContext(String language, String user) {}
