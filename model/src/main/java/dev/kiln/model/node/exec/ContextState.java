package dev.kiln.model.node.exec;

/**
 * {@code GET /contexts/{id}}: {@code status} is {@code Pending}, {@code Running} or {@code Error}
 * (then {@code error} says why).
 */
public record ContextState(String contextId, String language, String status, String error) {}
