package dev.kiln.model.execution;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * commands/execute: code to run in a context. Command Execution 1.2 names its fields in camelCase.
 */
@JsonNaming(PropertyNamingStrategies.LowerCamelCaseStrategy.class)
public record ExecuteCommandRequest(
    String clusterId, String contextId, String language, String command) {}
