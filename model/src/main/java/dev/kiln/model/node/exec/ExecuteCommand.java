package dev.kiln.model.node.exec;

/**
 * {@code POST /contexts/{id}/commands}: the code to run, the user running it, and the language the
 * caller expects the context to run it in (null: the context's own).
 */
public record ExecuteCommand(String command, String user, String language) {}
