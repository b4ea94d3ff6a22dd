package dev.kiln.model.node.exec;

/** {@code POST /contexts/{id}/commands}: the code to run and the user running it. */
public record ExecuteCommand(String command, String user) {}
