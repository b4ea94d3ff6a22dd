package dev.kiln.model.node.notebooks;

/** A child notebook run; the user is the one the calling command's credential names. */
public record NotebookRunRef(Long runId) {}
