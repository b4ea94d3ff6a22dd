package dev.kiln.model.node.exec;

/** The answer to {@code POST /contexts/{id}/commands}. */
public record CommandCreated(String commandId) {}
