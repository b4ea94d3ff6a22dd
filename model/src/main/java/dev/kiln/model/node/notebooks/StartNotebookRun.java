package dev.kiln.model.node.notebooks;

import java.util.Map;

/**
 * {@code POST /api/2.0/kiln/node/notebooks/run} from a driver: {@code dbutils.notebook.run} of
 * {@code user}'s command asks for a child run of {@code path} (absolute, or relative to {@code
 * caller_path}, the notebook the command runs in) with {@code arguments} as widget values.
 */
public record StartNotebookRun(
    String user,
    String path,
    String callerPath,
    Integer timeoutSeconds,
    Map<String, String> arguments) {}
