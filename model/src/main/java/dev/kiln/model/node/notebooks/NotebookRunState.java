package dev.kiln.model.node.notebooks;

/**
 * {@code GET /api/2.0/kiln/node/notebooks/get}: a child notebook run as its caller waits for it.
 * {@code result_state} is absent until the run ended; {@code result} is the notebook's exit value
 * and {@code error} its error, when it has one.
 */
public record NotebookRunState(
    long runId,
    String path,
    String lifeCycleState,
    String resultState,
    String stateMessage,
    String result,
    String error) {}
