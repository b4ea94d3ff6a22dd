package dev.kiln.model.node.notebooks;

/** A child notebook run and the user whose command started it. */
public record NotebookRunRef(Long runId, String user) {}
