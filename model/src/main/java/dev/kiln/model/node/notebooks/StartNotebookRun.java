package dev.kiln.model.node.notebooks;

import java.util.Map;

/**
 * {@code POST /api/2.0/kiln/node/notebooks/run} from a driver: {@code dbutils.notebook.run} in a
 * command asks for a child run of {@code path} (absolute, or relative to {@code caller_path}, the
 * notebook the command runs in) with {@code arguments} as widget values. The user and the calling
 * command's context (by which the control plane finds the job task run the child belongs to) come
 * from the command's credential, never from the body.
 */
public record StartNotebookRun(
    String path, String callerPath, Integer timeoutSeconds, Map<String, String> arguments) {}
