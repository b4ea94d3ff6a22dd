package dev.kiln.model.node.exec;

import java.util.Map;

/**
 * {@code GET /contexts/{id}/commands/{cid}}: {@code status} is a 1.2 command status ({@code Queued,
 * Running, Cancelling, Finished, Cancelled, Error}); {@code results} is the exact 1.2 results
 * object, camelCase keys included, absent until the command is done. {@code notebook_exit} is the
 * value the command passed to {@code dbutils.notebook.exit}, when it called it.
 */
public record CommandState(
    String id, String status, Map<String, Object> results, String notebookExit) {}
