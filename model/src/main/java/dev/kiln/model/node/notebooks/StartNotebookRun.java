package dev.kiln.model.node.notebooks;

import java.util.Map;

/**
 * {@code POST /api/2.0/kiln/node/notebooks/run} from a driver: {@code dbutils.notebook.run} of
 * {@code user}'s command asks for a child run of {@code path} (absolute, or relative to {@code
 * caller_path}, the notebook the command runs in) with {@code arguments} as widget values. {@code
 * context_id} is the execution context of the command, by which the control plane finds the job
 * task run it belongs to (the child's parent); null from an older driver.
 */
public record StartNotebookRun(
    String user,
    String path,
    String callerPath,
    Integer timeoutSeconds,
    Map<String, String> arguments,
    String contextId) {}
