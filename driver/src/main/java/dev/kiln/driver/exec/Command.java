package dev.kiln.driver.exec;

import java.util.Map;

/**
 * A snapshot of one command: its status, once done its 1.2 results object, and the value it passed
 * to {@code dbutils.notebook.exit} if it did.
 */
public record Command(
    String id, CommandStatus status, Map<String, Object> results, String notebookExit) {}
