package dev.kiln.model.node.exec;

import java.util.Map;

/** {@code GET /contexts/{id}/task-values}: what the context set with dbutils.jobs.taskValues. */
public record TaskValuesState(Map<String, Object> values) {}
