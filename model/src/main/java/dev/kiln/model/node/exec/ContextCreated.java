package dev.kiln.model.node.exec;

/** The answer to {@code POST /contexts}. */
public record ContextCreated(String contextId) {}
