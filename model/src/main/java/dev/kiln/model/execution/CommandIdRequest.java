package dev.kiln.model.execution;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * commands/cancel (and the query of commands/status). Command Execution 1.2 names its fields in
 * camelCase.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record CommandIdRequest(String clusterId, String contextId, String commandId) {}
