package dev.kiln.driver.exec;

import java.util.Map;

/** A snapshot of one command: its status and, once done, its 1.2 results object. */
public record Command(String id, CommandStatus status, Map<String, Object> results) {}
